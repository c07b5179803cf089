package io.vigo.swarm.events;

/**
 * The schema registry could not answer a lookup a decode needed (unreachable, timing out or
 * failing with a server error). Nothing is wrong with the record: the reader waits and retries it,
 * and never dead-letters it.
 */
public final class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
