package io.vigo.swarm.api;

/**
 * A call to the API that did not give an answer. {@link #retryable()} is true when trying again
 * later can help: the server is unreachable, restoring, or could not hear from every partition.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final boolean retryable;

    public ApiException(String message, int status, boolean retryable) {
        super(message);
        this.status = status;
        this.retryable = retryable;
    }

    /** The HTTP status, or 0 when the server could not be reached. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
