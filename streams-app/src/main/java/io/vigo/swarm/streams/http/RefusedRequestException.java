package io.vigo.swarm.streams.http;

/**
 * A request refused before it runs: 401 / 403 (a credential missing or wrong, or the capability
 * not configured here), 415 (a write without a JSON body). Mapped once, in {@link ApiServer}.
 */
final class RefusedRequestException extends RuntimeException {

    final int status;

    RefusedRequestException(int status, String message) {
        super(message);
        this.status = status;
    }
}
