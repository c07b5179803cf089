package io.vigo.swarm.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small blocking client of the HTTP API, shared by the CLI, the agent and the tests. */
public final class VigoApiClient {

    public static final String BASE_PATH = "/api/v1";

    private final URI server;
    private final Duration timeout;
    private final String token;

    public VigoApiClient(URI server, Duration timeout) {
        this(server, timeout, null);
    }

    /**
     * A client that sends {@code token} with writes (the operator token) and with conditional reads
     * (the instances' secret, for a trusted simulator's task polls); it is never printed.
     */
    public VigoApiClient(URI server, Duration timeout, String token) {
        this.server = server;
        this.timeout = timeout;
        this.token = token;
    }

    public URI server() {
        return server;
    }

    /** The server's build, Kafka Streams version, topic prefix and instance count. */
    public ServerVersion version() {
        return get("/version", ServerVersion.class);
    }

    public SwarmStatus status() {
        return get("/swarm/status", SwarmStatus.class);
    }

    /** The status as of a moment within the history horizon (SPEC §12). */
    public SwarmStatus status(java.time.Instant at) {
        return get("/swarm/status?at=" + Moments.rfc3339(at), SwarmStatus.class);
    }

    /** How a payload spread from {@code from} to {@code to}, one point per {@code step}. */
    public FilecastHistory filecastHistory(String sha, java.time.Instant from, java.time.Instant to, Duration step) {
        return get("/swarm/filecast/" + sha + "/history?from=" + Moments.rfc3339(from) + "&to=" + Moments.rfc3339(to) + "&step="
                + step.toSeconds() + "s", FilecastHistory.class);
    }

    /** The status totals from {@code from} to {@code to}, one point per {@code step}. */
    public SwarmHistory history(java.time.Instant from, java.time.Instant to, Duration step) {
        return get("/swarm/history?from=" + Moments.rfc3339(from) + "&to=" + Moments.rfc3339(to) + "&step=" + step.toSeconds() + "s",
                SwarmHistory.class);
    }

    public PeersPage peers(PeerSort sort, int limit) {
        return get("/swarm/peers?sort=" + sort + "&limit=" + limit, PeersPage.class);
    }

    /** The peers page as of a moment within the history horizon (SPEC §12). */
    public PeersPage peers(PeerSort sort, int limit, java.time.Instant at) {
        return get("/swarm/peers?sort=" + sort + "&limit=" + limit + "&at=" + Moments.rfc3339(at), PeersPage.class);
    }

    /** One manifest entry by its full sha. */
    public ManifestEntries.Entry filecast(String sha) {
        return get("/swarm/filecast/" + encode(sha), ManifestEntries.Entry.class);
    }

    /** One manifest entry as it was at a moment within the history horizon (SPEC §12). */
    public ManifestEntries.Entry filecast(String sha, java.time.Instant at) {
        return get("/swarm/filecast/" + encode(sha) + "?at=" + Moments.rfc3339(at), ManifestEntries.Entry.class);
    }

    /** Every envoy that holds, downloads or seeds one blob, now. */
    public FilecastHolders holders(String sha) {
        return get("/swarm/filecast/" + encode(sha) + "/holders", FilecastHolders.class);
    }

    public RefusedSeeds refused() {
        return get("/swarm/refused", RefusedSeeds.class);
    }

    public EnvoyDetail envoy(String hostname) {
        return get("/envoys/" + encode(hostname), EnvoyDetail.class);
    }

    /** The envoy as of a moment within the history horizon (SPEC §12). */
    public EnvoyDetail envoy(String hostname, java.time.Instant at) {
        return get("/envoys/" + encode(hostname) + "?at=" + Moments.rfc3339(at), EnvoyDetail.class);
    }

    /** The envoy's changes since {@code since}, oldest first. */
    public EnvoyHistory envoyHistory(String hostname, java.time.Instant since) {
        return get("/envoys/" + encode(hostname) + "/history?since=" + Moments.rfc3339(since), EnvoyHistory.class);
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

    /** Resets the envoy's gateway key: it is refused from now on, and the host may enrol again. */
    public KeyReset resetKey(String hostname) {
        return post("/envoys/" + encode(hostname) + "/reset-key", null, KeyReset.class);
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
        Map<String, String> headers = new java.util.HashMap<>();
        if (etag != null) {
            headers.put("If-None-Match", etag);
        }
        if (token != null) {
            headers.put("Authorization", "Bearer " + token); // the instances' secret: an envoy's tasks are not open to anyone
        }
        Reply reply = exchange("GET", path, headers, null);
        if (reply.status() == 304) {
            return null;
        }
        return new Tagged<>(decode(reply, type), reply.etag());
    }

    /** An answer and the ETag it came with. */
    public record Tagged<T>(T value, String etag) {
    }

    public <T> T get(String path, Class<T> type) {
        return decode(exchange("GET", path, Map.of(), null), type);
    }

    private <T> T post(String path, Object body, Class<T> type) {
        String json;
        try {
            json = body == null ? "{}" : Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        Map<String, String> headers = token == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token);
        return decode(exchange("POST", path, headers, json), type);
    }

    /** One HTTP exchange's outcome: status, body and ETag. */
    private record Reply(int status, String body, String etag) {
    }

    /**
     * One request through {@link HttpURLConnection}, which keeps connections alive between calls.
     * Not {@code java.net.http.HttpClient}: its first request costs ~230 ms of set-up in a fresh
     * JVM (~20 ms here), and most users of this client are short-lived {@code vigocli} processes.
     */
    private Reply exchange(String method, String path, Map<String, String> headers, String body) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) server.resolve(BASE_PATH + path).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            headers.forEach(connection::setRequestProperty);
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                // Buffered, not streaming mode: in streaming mode the JDK drops the body of a 401 (our message).
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text = "";
            if (in != null) {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Reply(status, text, connection.getHeaderField("ETag"));
        } catch (SocketTimeoutException e) {
            throw new ApiException("no answer from " + server + " within " + timeout.toSeconds() + " s", 0, true);
        } catch (ConnectException e) {
            throw new ApiException("cannot reach the vigo API at " + server, 0, true);
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiException("cannot reach the vigo API at " + server + ": " + e.getMessage(), 0, true);
        }
    }

    private <T> T decode(Reply reply, Class<T> type) {
        int status = reply.status();
        if (status / 100 != 2) {
            String message = null;
            try {
                ApiError error = Json.mapper().readValue(reply.body(), ApiError.class);
                message = error == null ? null : error.message();
            } catch (JsonProcessingException | RuntimeException notOurs) {
                // not an error body of this API: said below by its status
            }
            if (message == null || message.isBlank()) {
                message = "HTTP " + status + " from " + server + (status == 404 ? " (is this the vigo API?)" : "");
            }
            throw new ApiException(message, status, status == 503);
        }
        T answer;
        try {
            answer = Json.mapper().readValue(reply.body(), type);
        } catch (JsonProcessingException e) {
            throw new ApiException("unreadable answer from " + server + ": " + e.getOriginalMessage(), status, false);
        }
        if (answer == null || (answer instanceof Answer stamped && stamped.generatedAt() == null)) {
            throw new ApiException("unreadable answer from " + server + ": no generatedAt (is this the vigo API?)", status, false);
        }
        return answer;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
