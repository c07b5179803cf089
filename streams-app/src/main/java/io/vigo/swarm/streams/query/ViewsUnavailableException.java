package io.vigo.swarm.streams.query;

/** The views cannot answer now (restoring, rebalancing, a partition without an owner): retry later. */
public final class ViewsUnavailableException extends RuntimeException {

    public ViewsUnavailableException(String message) {
        super(message);
    }
}
