package io.vigo.swarm.streams.query;

/** A moment or range the views' history cannot answer (in the future, beyond the horizon): the API's 400, the CLI's exit 2. */
public final class HistoryRequestException extends IllegalArgumentException {

    HistoryRequestException(String message) {
        super(message);
    }
}
