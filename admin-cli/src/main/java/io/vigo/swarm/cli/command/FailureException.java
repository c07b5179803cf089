package io.vigo.swarm.cli.command;

/** The command could not do what was asked (e.g. a reference named nothing, or several things): exit 1 with one line. */
public final class FailureException extends RuntimeException {

    public FailureException(String message) {
        super(message);
    }
}
