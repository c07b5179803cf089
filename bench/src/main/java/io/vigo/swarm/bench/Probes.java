package io.vigo.swarm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.events.EnvoyCheckIn;
import java.net.URI;
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

    /**
     * A waiting probe asks every millisecond for the first 100 ms, then every 10 ms: 1 ms
     * resolution where the answers usually are, and no flood of requests competing with the app
     * while it is behind (polling every millisecond for seconds fed back into what it measured).
     */
    private static final long FINE_POLLING_NANOS = Duration.ofMillis(100).toNanos();

    private final VigoApiClient api;
    private final EnvoyPublisher publisher;
    private final long epoch = System.currentTimeMillis();
    private long sequence;

    Probes(URI api, EnvoyPublisher publisher) {
        this.api = new VigoApiClient(api, Duration.ofSeconds(10));
        this.publisher = publisher;
    }

    /** Milliseconds from sending a check-in of an existing probe envoy until the envoy's own view shows it. */
    List<Double> envoyFreshness(String tag, int samples, Duration deadline) throws Exception {
        List<Double> millis = new ArrayList<>();
        String host = "fresh-" + tag + ".bench";
        send(host, "warmup", BenchFleet.INTERVAL_MS);
        awaitField("/envoys/" + host, "agentVersion", "warmup", deadline);
        for (int i = 0; i < samples && !givenUp(millis); i++) {
            String version = "probe-" + i;
            long sent = System.nanoTime();
            send(host, version, BenchFleet.INTERVAL_MS);
            millis.add(awaitField("/envoys/" + host, "agentVersion", version, deadline) ? (System.nanoTime() - sent) / 1e6 : TIMED_OUT);
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
            long until = sent + deadline.toNanos();
            double took = TIMED_OUT;
            while (System.nanoTime() < until) {
                if (json("/swarm/status").path("envoysTotal").asLong() > before) {
                    took = (System.nanoTime() - sent) / 1e6;
                    break;
                }
                pause(sent);
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

    /**
     * Sends {@code requests} GETs of {@code path} that are not timed, so a latency series measures
     * the steady state: the JIT compiles a path's code, in the app and in the client, over its
     * first few hundred calls (at 1,000 envoys the first 1,000 peers pages took 5 ms at the median,
     * the same pages warm 1 ms). Returns the first, cold request's milliseconds, reported beside.
     */
    double warmUp(String path, int requests) {
        return latency(path, requests).get(0);
    }

    /**
     * Sequential GETs of {@code path} through the operators' own API client: each request's round
     * trip, reading the JSON answer included, in milliseconds; a failed request counts as timed out.
     */
    List<Double> latency(String path, int requests) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            JsonNode answer = jsonOrNull(path);
            double took = (System.nanoTime() - start) / 1e6;
            millis.add(answer != null ? took : TIMED_OUT);
        }
        return millis;
    }

    private void send(String host, String version, long intervalMs) {
        publisher.publish(host, new EnvoyCheckIn(host, version, intervalMs, true, Instant.now(), epoch, ++sequence));
        publisher.flush();
    }

    private boolean awaitField(String path, String field, String value, Duration deadline) throws InterruptedException {
        long started = System.nanoTime();
        String last = "none";
        while (System.nanoTime() - started < deadline.toNanos()) {
            try {
                JsonNode answer = api.get(path, JsonNode.class);
                if (value.equals(answer.path(field).asText())) {
                    return true;
                }
                last = "200: " + abbreviated(answer.toPrettyString());
            } catch (ApiException e) {
                last = e.status() + ": " + e.getMessage();
            }
            pause(started);
        }
        // Say what the view showed instead, so a timeout can be told apart: behind (200), unavailable (503), unknown (404).
        System.out.printf("bench:   no %s=%s at %s within %d s; last answer %s%n", field, value, path, deadline.toSeconds(), last);
        return false;
    }

    private static void pause(long waitingSinceNanos) throws InterruptedException {
        Thread.sleep(System.nanoTime() - waitingSinceNanos < FINE_POLLING_NANOS ? 1 : 10);
    }

    private static String abbreviated(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    /** The answer at {@code path}; fails unless it is 200. */
    JsonNode json(String path) {
        return api.get(path, JsonNode.class);
    }

    private JsonNode jsonOrNull(String path) {
        try {
            return api.get(path, JsonNode.class);
        } catch (ApiException e) {
            return null;
        }
    }
}
