package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.api.RefusedSeeds;
import picocli.CommandLine.Command;

/** {@code vigocli swarm refused}: seeds from hosts the seeding allowlist does not admit. */
@Command(name = "refused", mixinStandardHelpOptions = true,
        description = "Seeds announced by hosts outside the seeding allowlist (not counted).")
final class RefusedCommand extends ViewCommand {

    @Override
    public Integer call() {
        RefusedSeeds refused = api.client().refused();
        return print(refused, () -> views().refused(refused));
    }
}
