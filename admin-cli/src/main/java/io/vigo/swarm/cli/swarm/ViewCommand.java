package io.vigo.swarm.cli.swarm;

import io.vigo.swarm.api.Json;
import io.vigo.swarm.cli.command.ApiOptions;
import io.vigo.swarm.cli.command.ExitCodes;
import io.vigo.swarm.cli.command.NeedsTerminal;
import io.vigo.swarm.cli.render.SwarmViews;
import io.vigo.swarm.cli.render.Terminal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the read-only views share: the API to call, {@code --json}, and the terminal. */
public abstract class ViewCommand implements Callable<Integer>, NeedsTerminal {

    @Mixin
    protected ApiOptions api;

    @Option(names = "--json", description = "Print the API's answer as JSON")
    protected boolean json;

    protected Terminal terminal;

    @Override
    public void terminal(Terminal terminal) {
        this.terminal = terminal;
    }

    protected SwarmViews views() {
        return new SwarmViews(terminal);
    }

    protected int print(Object answer, String text) {
        try {
            terminal.out().print(json ? Json.mapper().writeValueAsString(answer) + "\n" : text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        terminal.out().flush();
        return ExitCodes.OK;
    }
}
