package io.vigo.swarm.gateway.http;

import io.vigo.swarm.api.ApiError;
import io.vigo.swarm.api.Json;
import java.io.UncheckedIOException;

/** One HTTP exchange as the gateway's endpoints see it: what they read of a request, what they answer. Nothing of the transport. */
final class Exchange {

    private Exchange() {
    }

    /** A whole request: method, path (without query), the three headers the protocol reads, and the body. */
    record Request(String method, String path, String authorization, String contentType, String ifNoneMatch, byte[] body) {
    }

    /** An answer: status, body with its content type, and the two optional headers the protocol sets (or null). */
    record Answer(int status, String contentType, byte[] body, String etag, String retryAfter) {

        static final String JSON = "application/json";

        static Answer json(int status, Object value) {
            try {
                return new Answer(status, JSON, Json.mapper().writeValueAsBytes(value), null, null);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A refusal: one {@code {"message": ...}} line, and when to retry (or null). */
        static Answer refusal(int status, String message, String retryAfter) {
            Answer answer = json(status, new ApiError(message));
            return new Answer(status, JSON, answer.body(), null, retryAfter);
        }
    }
}
