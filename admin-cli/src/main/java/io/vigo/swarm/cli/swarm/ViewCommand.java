package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.cli.command.ApiOptions;
import io.vigo.swarm.cli.command.ExitCodes;
import io.vigo.swarm.cli.command.NeedsTerminal;
import io.vigo.swarm.cli.command.OutputOptions;
import io.vigo.swarm.cli.render.SwarmViews;
import io.vigo.swarm.cli.render.Terminal;
import io.vigo.swarm.cli.command.Watch;
import io.vigo.swarm.cli.command.WatchOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
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

    /**
     * Watches a live view until Ctrl-C (see {@link Watch}): each answer printed as {@link #print}
     * would; a change is a change of its screen below the header line, which holds the answer's time.
     */
    protected <A> int watch(WatchOptions watch, String command, Supplier<A> fetch, Function<A, String> text) {
        Duration interval = watch.interval();
        try {
            new Watch(terminal, command, interval, Watch.SLEEP, Clock.systemUTC()).run(fetch,
                    answer -> output.render(answer, () -> text.apply(answer)),
                    answer -> text.apply(answer).lines().skip(1).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    /** Prints the answer: its screen, or its JSON with {@code --json}. */
    protected int print(Object answer, Supplier<String> text) {
        terminal.out().print(output.render(answer, text));
        terminal.out().flush();
        return ExitCodes.OK;
    }
}
