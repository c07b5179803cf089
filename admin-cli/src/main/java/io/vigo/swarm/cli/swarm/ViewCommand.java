package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.cli.command.ApiOptions;
import io.vigo.swarm.cli.command.ExitCodes;
import io.vigo.swarm.cli.command.NeedsTerminal;
import io.vigo.swarm.cli.command.OutputOptions;
import io.vigo.swarm.cli.render.SwarmViews;
import io.vigo.swarm.cli.render.Terminal;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;

/** What the read-only views share: the API to call, {@code --json}, and the terminal. */
public abstract class ViewCommand implements Callable<Integer>, NeedsTerminal {

    @Mixin
    protected ApiOptions api;

    @Mixin
    protected OutputOptions output;

    protected Terminal terminal;

    @Override
    public void terminal(Terminal terminal) {
        this.terminal = terminal;
    }

    protected SwarmViews views() {
        return new SwarmViews(terminal);
    }

    /** Prints the answer: its screen, or its JSON with {@code --json}. */
    protected int print(Object answer, Supplier<String> text) {
        terminal.out().print(output.render(answer, text));
        terminal.out().flush();
        return ExitCodes.OK;
    }
}
