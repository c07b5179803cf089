package io.vigo.swarm.events.rules;

/** An event that decoded but breaks the contract; it goes to the dead-letter topic, untouched. */
public final class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message, null, false, false);
    }
}
