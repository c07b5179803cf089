package io.vigo.swarm.events;

/**
 * A value that is not an event while the registry answered: not the Confluent wire format, a
 * schema id the registry does not know, or an Avro body that does not decode completely with the
 * schema its id names. Such a record is bad input: it is dead-lettered (or, in a replay, skipped
 * and counted), never retried.
 */
public final class UndecodableEventException extends RuntimeException {

    public UndecodableEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public UndecodableEventException(String message) {
        super(message);
    }
}
