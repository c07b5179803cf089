package io.vigo.swarm.gateway.http;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the gateway asks the tracker (the streams app's API) on an envoy's behalf: its pending
 * tasks, with the instances' credential (the endpoint is not open to anyone), and the revoked
 * shas. Conditional requests pass through, so an unchanged answer stays a 304 end to end.
 */
public final class TrackerRelay {

    /** The tracker's answer: status, ETag (or null) and body (empty for a 304). */
    record Relayed(int status, String etag, byte[] body) {
    }

    /** The tracker did not answer usably. */
    static final class TrackerUnavailableException extends Exception {
        TrackerUnavailableException(String message) {
            super(message, null, false, false);
        }
    }

    private final URI api;
    private final String instanceToken;
    private final HttpClient http;
    private final Duration timeout;

    public TrackerRelay(URI api, String instanceToken, Duration timeout) {
        this.api = api;
        this.instanceToken = instanceToken;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    CompletableFuture<Relayed> pendingTasks(String hostname, String ifNoneMatch) {
        return get("/api/v1/envoys/" + URLEncoder.encode(hostname, StandardCharsets.UTF_8) + "/tasks", ifNoneMatch);
    }

    CompletableFuture<Relayed> revokedShas(String ifNoneMatch) {
        return get("/api/v1/swarm/filecast/revoked", ifNoneMatch);
    }

    /** Asked without holding a thread of the gateway's: the answer completes on the HTTP client's own. */
    private CompletableFuture<Relayed> get(String path, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + instanceToken).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                throw new CompletionException(new TrackerUnavailableException("the tracker at " + api + " does not answer: "
                        + cause.getClass().getSimpleName()));
            }
            int status = response.statusCode();
            if (status != 200 && status != 304) {
                throw new CompletionException(new TrackerUnavailableException("the tracker answered " + status));
            }
            return new Relayed(status, response.headers().firstValue("ETag").orElse(null), response.body());
        });
    }
}
