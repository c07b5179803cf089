package io.vigo.swarm.gateway.http;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway asks the tracker (the streams app's API) on an envoy's behalf: its pending
 * tasks, with the instances' credential (the endpoint is not open to anyone), and the revoked
 * shas. Conditional requests pass through, so an unchanged answer stays a 304 end to end.
 *
 * <p>Each request blocks a relay thread of the gateway's own while the tracker answers, never an
 * event loop. Not the HTTP client's {@code sendAsync}: it completes every answer through
 * {@code CompletableFuture}'s default executor, which on a machine of two cores (a common pool of
 * one) starts a new thread per answer — about 0.9 ms of CPU per relayed poll here
 * ({@code bin/vigo _bench-polls}, BENCHMARKS.md).
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

    /** Relays at once; more wait in a queue, and past it the envoy is told to retry. */
    private static final int RELAY_THREADS = 32;
    private static final int RELAYS_WAITING = 2_000;

    private final URI api;
    private final String instanceToken;
    private final HttpClient http;
    private final Duration timeout;
    private final ThreadPoolExecutor relays;

    public TrackerRelay(URI api, String instanceToken, Duration timeout) {
        this.api = api;
        this.instanceToken = instanceToken;
        this.timeout = timeout;
        // HTTP/1.1 said outright: the client's default, HTTP/2, asks a cleartext server to upgrade on every new connection.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.relays = new ThreadPoolExecutor(RELAY_THREADS, RELAY_THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(RELAYS_WAITING),
                new DefaultThreadFactory("vigo-gateway-relay", true));
        this.relays.allowCoreThreadTimeOut(true);
    }

    CompletableFuture<Relayed> pendingTasks(String hostname, String ifNoneMatch) {
        return get("/api/v1/envoys/" + URLEncoder.encode(hostname, StandardCharsets.UTF_8) + "/tasks", ifNoneMatch);
    }

    CompletableFuture<Relayed> revokedShas(String ifNoneMatch) {
        return get("/api/v1/swarm/filecast/revoked", ifNoneMatch);
    }

    /** Asked on a relay thread: the answer completes there, never on the caller's. */
    private CompletableFuture<Relayed> get(String path, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + instanceToken).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        try {
            return CompletableFuture.supplyAsync(() -> exchange(request.build()), relays);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new TrackerUnavailableException(
                    "the gateway has " + RELAYS_WAITING + " requests waiting for the tracker already"));
        }
    }

    private Relayed exchange(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CompletionException(new TrackerUnavailableException("the tracker at " + api + " does not answer: "
                    + e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(new TrackerUnavailableException("interrupted while asking the tracker"));
        }
        int status = response.statusCode();
        if (status != 200 && status != 304) {
            throw new CompletionException(new TrackerUnavailableException("the tracker answered " + status));
        }
        return new Relayed(status, response.headers().firstValue("ETag").orElse(null), response.body());
    }
}
