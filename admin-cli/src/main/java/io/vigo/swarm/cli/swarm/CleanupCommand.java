package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.api.CleanupRequest;
import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.api.TaskView;
import io.vigo.swarm.cli.command.UsageException;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigocli swarm cleanup}: dispatch the blob-cache hygiene sweep to the envoys a pattern picks. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = "Dispatch 'vigo swarm _apply-cleanup' to every targeted envoy: dangling files/<label> links and stale .partial/ dirs.")
final class CleanupCommand extends ViewCommand {

    @Option(names = "--target", defaultValue = "*", paramLabel = "PATTERN",
            description = "Hostname pattern (filepath.Match glob) scoping the sweep (default: ${DEFAULT-VALUE}, the whole fleet)")
    String target;

    @Override
    public Integer call() {
        try {
            HostPattern.compile(target);
        } catch (HostPattern.BadPatternException e) {
            throw new UsageException(e.getMessage());
        }
        // The id is ours, so a retry after a lost answer finds this task instead of dispatching again.
        TaskView task = api.writingClient().cleanup(new CleanupRequest(UUID.randomUUID().toString(), target));
        return print(task, () -> "Dispatched '" + task.verb() + "' to " + task.targeted() + " envoy(s) matching \"" + task.pattern() + "\".\n"
                + "Per-envoy results:\n"
                + "  vigocli task status " + task.taskId() + "\n");
    }
}
