package io.vigo.swarm.cli.command;

import io.vigo.swarm.cli.render.Terminal;

/** A command that prints through the run's terminal; the root hands it over before the command runs. */
public interface NeedsTerminal {
    void terminal(Terminal terminal);
}
