package io.vigo.swarm.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.events.EnvoyCheckIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operator sees, timed through the API: per-envoy and rollup freshness (check-in sent →
 * visible), offline detection (deadline passed → shown offline) and request latencies. Probe
 * envoys are extra members of the fleet with names of their own, so the workload never overwrites
 * what a probe waits for.
 */
final class Probes {

    /**
     * A sample that did not arrive within its deadline. It counts in the percentiles (as larger
     * than any real sample) rather than being dropped, which would flatter a fleet that falls behind.
     */
    static final double TIMED_OUT = Double.POSITIVE_INFINITY;
    /** A series stops after this many timeouts in a row: the app is not keeping up, and waiting out every sample would take hours. */
    static final int GIVE_UP_AFTER = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI api;
    private final EnvoyPublisher publisher;
    private final long epoch = System.currentTimeMillis();
    private long sequence;

    Probes(URI api, EnvoyPublisher publisher) {
        this.api = api;
        this.publisher = publisher;
    }

    /** Milliseconds from sending a check-in of an existing probe envoy until the envoy's own view shows it. */
    List<Double> envoyFreshness(String tag, int samples, Duration deadline) throws Exception {
        List<Double> millis = new ArrayList<>();
        String host = "fresh-" + tag + ".bench";
        send(host, "warmup", BenchFleet.INTERVAL_MS);
        awaitField("/envoys/" + host, "agentVersion", "warmup", 1, deadline);
        for (int i = 0; i < samples && !givenUp(millis); i++) {
            String version = "probe-" + i;
            long sent = System.nanoTime();
            send(host, version, BenchFleet.INTERVAL_MS);
            millis.add(awaitField("/envoys/" + host, "agentVersion", version, 1, deadline) ? (System.nanoTime() - sent) / 1e6 : TIMED_OUT);
        }
        return millis;
    }

    /** Milliseconds from a new envoy's first check-in until {@code swarm status} counts it. */
    List<Double> rollupFreshness(String tag, int samples, Duration deadline) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < samples && !givenUp(millis); i++) {
            long before = json("/swarm/status").path("envoysTotal").asLong();
            long sent = System.nanoTime();
            send("rollup-" + tag + "-" + i + ".bench", "probe", BenchFleet.INTERVAL_MS);
            long until = System.nanoTime() + deadline.toNanos();
            double took = TIMED_OUT;
            while (System.nanoTime() < until) {
                if (json("/swarm/status").path("envoysTotal").asLong() > before) {
                    took = (System.nanoTime() - sent) / 1e6;
                    break;
                }
                Thread.sleep(2);
            }
            millis.add(took);
        }
        return millis;
    }

    /**
     * Milliseconds past the offline deadline (last seen + 2.5 × interval) until the envoy shows
     * offline; {@code parallel} probe envoys at a time with a 1 s interval, polled every 50 ms.
     */
    List<Double> offlineDetection(String tag, int samples, int parallel) throws Exception {
        List<Double> millis = new ArrayList<>();
        long interval = 1_000;
        int round = 0;
        while (millis.size() < samples && !givenUp(millis)) {
            List<String> hosts = new ArrayList<>();
            for (int p = 0; p < parallel && millis.size() + hosts.size() < samples; p++) {
                String host = "off-" + tag + "-" + round + "-" + p + ".bench";
                hosts.add(host);
                send(host, "probe", interval);
            }
            round++;
            List<String> waiting = new ArrayList<>(hosts);
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < until) {
                for (var it = waiting.iterator(); it.hasNext(); ) {
                    String host = it.next();
                    JsonNode envoy = jsonOrNull("/envoys/" + host);
                    if (envoy != null && "offline".equals(envoy.path("status").asText())) {
                        long seen = System.currentTimeMillis();
                        long deadline = Instant.parse(envoy.path("lastSeen").asText()).toEpochMilli() + interval * 5 / 2;
                        millis.add((double) (seen - deadline));
                        it.remove();
                    }
                }
                Thread.sleep(50);
            }
            waiting.forEach(host -> millis.add(TIMED_OUT));
        }
        return millis;
    }

    private static boolean givenUp(List<Double> millis) {
        int n = millis.size();
        return n >= GIVE_UP_AFTER && millis.subList(n - GIVE_UP_AFTER, n).stream().allMatch(m -> m == TIMED_OUT);
    }

    /** Sequential GETs of {@code path}: each request's round trip in milliseconds; a failed request counts as timed out. */
    List<Double> latency(String path, int requests) throws Exception {
        List<Double> millis = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/api/v1" + path)).timeout(Duration.ofSeconds(10)).GET().build();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            double took = (System.nanoTime() - start) / 1e6;
            millis.add(response.statusCode() == 200 ? took : TIMED_OUT);
        }
        return millis;
    }

    private void send(String host, String version, long intervalMs) {
        publisher.publish(host, new EnvoyCheckIn(host, version, intervalMs, true, Instant.now(), epoch, ++sequence));
        publisher.flush();
    }

    private boolean awaitField(String path, String field, String value, long pollMillis, Duration deadline) throws Exception {
        long until = System.nanoTime() + deadline.toNanos();
        HttpResponse<byte[]> last = null;
        while (System.nanoTime() < until) {
            last = get(path);
            if (last.statusCode() == 200 && value.equals(Json.mapper().readTree(last.body()).path(field).asText())) {
                return true;
            }
            Thread.sleep(pollMillis);
        }
        // Say what the view showed instead, so a timeout can be told apart: behind (200), unavailable (503), unknown (404).
        System.out.printf("bench:   no %s=%s at %s within %d s; last answer %s: %s%n", field, value, path, deadline.toSeconds(),
                last == null ? "none" : last.statusCode(), last == null ? "" : abbreviated(new String(last.body(), java.nio.charset.StandardCharsets.UTF_8)));
        return false;
    }

    private static String abbreviated(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        JsonNode node = jsonOrNull(path);
        if (node == null) {
            throw new IOException("GET " + path + " did not answer 200");
        }
        return node;
    }

    private JsonNode jsonOrNull(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(path);
        return response.statusCode() == 200 ? Json.mapper().readTree(response.body()) : null;
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(api.resolve("/api/v1" + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
