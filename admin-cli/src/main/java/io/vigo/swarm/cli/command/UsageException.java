package io.vigo.swarm.cli.command;

/** Bad input from the operator, found after parsing: exit 2 with one line. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
