package io.vigo.swarm.streams.query;

/** The thing asked for is not in the views. */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
