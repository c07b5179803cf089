package io.vigo.swarm.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small blocking client of the HTTP API, shared by the CLI, the agent and the tests. */
public final class VigoApiClient {

    public static final String BASE_PATH = "/api/v1";

    private final URI server;
    private final Duration timeout;
    private final HttpClient http;
    private final String token;

    public VigoApiClient(URI server, Duration timeout) {
        this(server, timeout, null);
    }

    /** A client that sends {@code token} with writes; it is never printed. */
    public VigoApiClient(URI server, Duration timeout, String token) {
        this.server = server;
        this.timeout = timeout;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI server() {
        return server;
    }

    public SwarmStatus status() {
        return get("/swarm/status", SwarmStatus.class);
    }

    public PeersPage peers(String sort, int limit) {
        return get("/swarm/peers?sort=" + encode(sort) + "&limit=" + limit, PeersPage.class);
    }

    public RefusedSeeds refused() {
        return get("/swarm/refused", RefusedSeeds.class);
    }

    public EnvoyDetail envoy(String hostname) {
        return get("/envoys/" + encode(hostname), EnvoyDetail.class);
    }

    public EnvoyList envoys() {
        return get("/envoys", EnvoyList.class);
    }

    public ManifestEntries filecasts() {
        return get("/swarm/filecast", ManifestEntries.class);
    }

    public EnvoyDetail tag(String hostname, TagChange change) {
        return post("/envoys/" + encode(hostname) + "/tags", change, EnvoyDetail.class);
    }

    public EnvoyDetail decommission(String hostname) {
        return post("/envoys/" + encode(hostname) + "/decommission", null, EnvoyDetail.class);
    }

    public ManifestEntries.Entry revoke(String sha) {
        return post("/swarm/filecast/" + encode(sha) + "/revoke", null, ManifestEntries.Entry.class);
    }

    /** Purges one revoked entry, or every revoked entry when {@code sha} is null. */
    public PurgeResult purge(String sha) {
        return post("/swarm/filecast/purge" + (sha == null ? "" : "?sha=" + encode(sha)), null, PurgeResult.class);
    }

    public TaskView cleanup(CleanupRequest request) {
        return post("/swarm/cleanup", request, TaskView.class);
    }

    public TaskList tasks() {
        return get("/tasks", TaskList.class);
    }

    public TaskView task(String taskId) {
        return get("/tasks/" + encode(taskId), TaskView.class);
    }

    /** An envoy's pending tasks, or null when they are unchanged since the answer tagged {@code etag}. */
    public Tagged<PendingTasks> pendingTasks(String hostname, String etag) {
        return conditionalGet("/envoys/" + encode(hostname) + "/tasks", etag, PendingTasks.class);
    }

    /** The revoked shas, or null when unchanged since the answer tagged {@code etag}. */
    public Tagged<RevokedShas> revokedShas(String etag) {
        return conditionalGet("/swarm/filecast/revoked", etag, RevokedShas.class);
    }

    private <T> Tagged<T> conditionalGet(String path, String etag, Class<T> type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(BASE_PATH + path)).GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<String> response = exchange(request.timeout(timeout).header("Accept", "application/json").build());
        if (response.statusCode() == 304) {
            return null;
        }
        return new Tagged<>(decode(response, type), response.headers().firstValue("ETag").orElse(null));
    }

    /** An answer and the ETag it came with. */
    public record Tagged<T>(T value, String etag) {
    }

    public <T> T get(String path, Class<T> type) {
        return send(HttpRequest.newBuilder(server.resolve(BASE_PATH + path)).GET(), type);
    }

    private <T> T post(String path, Object body, Class<T> type) {
        String json;
        try {
            json = body == null ? "{}" : Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(BASE_PATH + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request, type);
    }

    private <T> T send(HttpRequest.Builder builder, Class<T> type) {
        return decode(exchange(builder.timeout(timeout).header("Accept", "application/json").build()), type);
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new ApiException("no answer from " + server + " within " + timeout.toSeconds() + " s", 0, true);
        } catch (ConnectException e) {
            throw new ApiException("cannot reach the vigo API at " + server, 0, true);
        } catch (IOException e) {
            throw new ApiException("cannot reach the vigo API at " + server + ": " + e.getMessage(), 0, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted while calling " + server, 0, true);
        }
        return response;
    }

    private <T> T decode(HttpResponse<String> response, Class<T> type) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            String message;
            try {
                message = Json.mapper().readValue(response.body(), ApiError.class).message();
            } catch (JsonProcessingException | RuntimeException e) {
                message = "HTTP " + status + " from " + server;
            }
            throw new ApiException(message, status, status == 503);
        }
        try {
            return Json.mapper().readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new ApiException("unreadable answer from " + server + ": " + e.getOriginalMessage(), status, false);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
