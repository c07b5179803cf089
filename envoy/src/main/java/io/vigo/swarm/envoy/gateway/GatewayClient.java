package io.vigo.swarm.envoy.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigo.swarm.api.ApiError;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.api.RevokedShas;
import io.vigo.swarm.api.envoy.Accepted;
import io.vigo.swarm.api.envoy.CheckIn;
import io.vigo.swarm.api.envoy.EnrolAnswer;
import io.vigo.swarm.api.envoy.EnrolRequest;
import io.vigo.swarm.api.envoy.EnvoyPaths;
import io.vigo.swarm.api.envoy.Report;
import io.vigo.swarm.api.envoy.ReportBatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The agent's side of the envoy protocol (docs/envoy-protocol.md): one method per endpoint, each
 * throwing {@link GatewayException} with the status, the gateway's message and when to retry.
 * Given several gateways (no load balancer in front), it stays with the one that answers and moves
 * to the next when that one cannot be reached. Keys and secrets go in the Authorization header
 * only and never into a message.
 */
public final class GatewayClient {

    /** An answer and its ETag; {@code value} is null when the gateway answered 304 (unchanged). */
    public record Tagged<T>(T value, String etag) {
    }

    private final List<URI> gateways;
    private final HttpClient http;
    private final Duration timeout;
    private volatile int current;

    public GatewayClient(List<URI> gateways, Duration timeout) {
        if (gateways.isEmpty()) {
            throw new IllegalArgumentException("no gateway");
        }
        this.gateways = List.copyOf(gateways);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The gateway the client speaks to now. */
    public URI gateway() {
        return gateways.get(current);
    }

    public EnrolAnswer enrol(String enrolSecret, String hostname, String enrolmentId) throws GatewayException {
        return Json.mapper().convertValue(post(EnvoyPaths.ENROL, enrolSecret, new EnrolRequest(hostname, enrolmentId)), EnrolAnswer.class);
    }

    public Accepted checkIn(String key, CheckIn checkIn) throws GatewayException {
        return Json.mapper().convertValue(post(EnvoyPaths.CHECKIN, key, checkIn), Accepted.class);
    }

    public Accepted reports(String key, List<Report> reports) throws GatewayException {
        return Json.mapper().convertValue(post(EnvoyPaths.REPORTS, key, new ReportBatch(reports)), Accepted.class);
    }

    public Tagged<PendingTasks> pendingTasks(String key, String etag) throws GatewayException {
        return conditionalGet(EnvoyPaths.TASKS, key, etag, PendingTasks.class);
    }

    public Tagged<RevokedShas> revokedShas(String key, String etag) throws GatewayException {
        return conditionalGet(EnvoyPaths.REVOKED, key, etag, RevokedShas.class);
    }

    private com.fasterxml.jackson.databind.JsonNode post(String path, String bearer, Object body) throws GatewayException {
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a protocol message is always JSON", e);
        }
        HttpResponse<byte[]> response = send(base -> HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
        if (response.statusCode() != 200) {
            throw refusal(response);
        }
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new GatewayException(response.statusCode(), "the gateway's answer is not JSON", 0);
        }
    }

    private <T> Tagged<T> conditionalGet(String path, String bearer, String etag, Class<T> type) throws GatewayException {
        HttpResponse<byte[]> response = send(base -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                    .header("Authorization", "Bearer " + bearer).GET();
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            return request.build();
        });
        String tag = response.headers().firstValue("ETag").orElse(null);
        if (response.statusCode() == 304) {
            return new Tagged<>(null, etag);
        }
        if (response.statusCode() != 200) {
            throw refusal(response);
        }
        try {
            return new Tagged<>(Json.mapper().readValue(response.body(), type), tag);
        } catch (IOException e) {
            throw new GatewayException(200, "the gateway's answer is not a " + type.getSimpleName(), 0);
        }
    }

    /** Sends to the current gateway; one that cannot be reached is passed over for the next, each tried once. */
    private HttpResponse<byte[]> send(java.util.function.Function<URI, HttpRequest> request) throws GatewayException {
        IOException unreachable = null;
        int first = current;
        for (int attempt = 0; attempt < gateways.size(); attempt++) {
            int index = (first + attempt) % gateways.size();
            try {
                HttpResponse<byte[]> response = http.send(request.apply(gateways.get(index)), HttpResponse.BodyHandlers.ofByteArray());
                current = index;
                return response;
            } catch (IOException e) {
                unreachable = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException(0, "interrupted", 0);
            }
        }
        throw new GatewayException(0, (gateways.size() == 1 ? "the gateway at " + gateways.get(0) : "none of the gateways " + gateways)
                + " answers (" + unreachable.getClass().getSimpleName() + (unreachable.getMessage() == null ? "" : ": " + unreachable.getMessage()) + ")", 0);
    }

    private static GatewayException refusal(HttpResponse<byte[]> response) {
        String message;
        try {
            message = Json.mapper().readValue(response.body(), ApiError.class).message();
        } catch (IOException | RuntimeException e) {
            message = "HTTP " + response.statusCode();
        }
        long retryAfter = response.headers().firstValue("Retry-After").map(GatewayClient::seconds).orElse(0L);
        return new GatewayException(response.statusCode(), message, retryAfter);
    }

    private static long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The gateway refused or could not be reached: the status (0 for no answer), its message and the seconds to wait. */
    public static final class GatewayException extends Exception {
        private final int status;
        private final long retryAfterSeconds;

        GatewayException(int status, String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int status() {
            return status;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        /** Worth sending again later: no answer, 429, 503 (or any 5xx). A 4xx other than 429 will not change by waiting. */
        public boolean retryable() {
            return status == 0 || status == 429 || status >= 500;
        }
    }
}
