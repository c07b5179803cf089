package io.vigo.swarm.bench;

import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.LocalEndpoints;
import io.vigo.swarm.api.envoy.EnvoyPaths;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/vigo _bench-polls}: what an agent's task poll costs the server. Against a running
 * system ({@code bin/vigo up}: broker, streams app and gateway in one process, whose pid, addresses
 * and secrets its data dir holds), rounds of requests of five kinds, each kind as many times: the
 * app's {@code /health} (its HTTP floor); a conditional poll straight to the app's
 * {@code /envoys/{host}/tasks}, as a gateway relays one; the gateway's {@code /health}; an agent's
 * unchanged poll through the gateway (answered there from the task marks); and an agent's poll
 * with no ETag (relayed to the app: the polling envoys check in once and are given a cleanup task
 * first, since a gateway answers the poll of an envoy with nothing pending itself). CPU is the
 * process's over each kind; with no input the stream threads are idle, so nearly all of it is the
 * requests'. The first round warms up.
 */
@Command(name = "_bench-polls", hidden = true,
        description = "Process CPU µs per task poll at the app and through the gateway, beside their HTTP floors, against a running system (bin/vigo up).")
public final class PollCostCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The running local system's data dir (default: $VIGO_DATA_DIR, else ~/.vigo)")
    Path dataDir;
    @Option(names = "--requests", defaultValue = "200000", description = "Requests per round and kind (default: ${DEFAULT-VALUE})") int requests;
    @Option(names = "--rounds", defaultValue = "4", description = "Rounds, the first a warm-up (default: ${DEFAULT-VALUE})") int rounds;
    @Option(names = "--connections", defaultValue = "4", description = "Keep-alive connections, one thread each (default: ${DEFAULT-VALUE})") int connections;
    @Option(names = "--hosts", defaultValue = "10000", description = "Distinct envoys polled, each enrolled at the gateway: keep requests/s ÷ envoys under its rate limit of 5/s (default: ${DEFAULT-VALUE})") int hosts;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : LocalEndpoints.defaultDataDir();
        LocalEndpoints endpoints = LocalEndpoints.read(dir);
        URI api = URI.create(endpoints.api());
        URI gateway = URI.create(endpoints.gateway());
        long pid = Long.parseLong(Files.readString(dir.resolve("vigo.pid")).trim());
        String token = Files.readString(dir.resolve("instance.token")).trim();
        String[] keys = enrol(gateway, Files.readString(dir.resolve(LocalEndpoints.ENROL_SECRET)).trim());
        givePendingTask(gateway, api, Files.readString(dir.resolve("operator.token")).trim(), keys);
        String[] appEtags = new String[hosts];
        String[] agentEtags = new String[hosts];
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        List<KeepAlive> toApp = new ArrayList<>();
        List<KeepAlive> toGateway = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            toApp.add(new KeepAlive(api.getHost(), api.getPort()));
            toGateway.add(new KeepAlive(gateway.getHost(), gateway.getPort()));
        }
        try {
            for (int round = 0; round < rounds; round++) {
                double appFloor = microsPerRequest(pid, threads, toApp, i -> request(api, "/health", null, null));
                double appPoll = microsPerRequest(pid, threads, toApp, i -> {
                    int envoy = i % hosts;
                    return request(api, "/api/v1/envoys/" + host(envoy) + "/tasks", token, appEtags[envoy]);
                });
                double gatewayFloor = microsPerRequest(pid, threads, toGateway, i -> request(gateway, "/health", null, null));
                double unchanged = microsPerRequest(pid, threads, toGateway, i -> {
                    int envoy = i % hosts;
                    return request(gateway, EnvoyPaths.TASKS, keys[envoy], agentEtags[envoy]);
                });
                double relayed = microsPerRequest(pid, threads, toGateway, i -> request(gateway, EnvoyPaths.TASKS, keys[i % hosts], null));
                System.out.printf(Locale.ROOT, "round %d%s: µs of process CPU per request: app /health %.1f, app task poll %.1f;"
                        + " gateway /health %.1f, unchanged poll answered by the gateway %.1f, poll relayed to the app %.1f"
                        + " (answered ÷ relayed %.2f)%n", round, round == 0 ? " (warm-up)" : "", appFloor, appPoll, gatewayFloor,
                        unchanged, relayed, unchanged / relayed);
                if (round == 0) {
                    primeEtags(toApp.get(0), toGateway.get(0), api, gateway, token, keys, appEtags, agentEtags);
                }
            }
        } finally {
            threads.shutdownNow();
            toApp.forEach(KeepAlive::close);
            toGateway.forEach(KeepAlive::close);
        }
        return 0;
    }

    /** Enrols the polling envoys at the gateway (again, with the same enrolment ids, on a later run) and returns their keys. */
    private String[] enrol(URI gateway, String enrolSecret) throws IOException {
        String[] keys = new String[hosts];
        HttpClient http = HttpClient.newHttpClient();
        for (int envoy = 0; envoy < hosts; envoy++) {
            String body = "{\"hostname\": \"" + host(envoy) + "\", \"enrolmentId\": \"bench-polls-enrolment-" + envoy + "\"}";
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(gateway.resolve(EnvoyPaths.ENROL))
                        .header("Authorization", "Bearer " + enrolSecret).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("enrolling " + host(envoy) + ": the gateway answered " + answer.statusCode() + " " + answer.body());
                }
                keys[envoy] = Json.mapper().readTree(answer.body()).path("key").asText();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while enrolling");
            }
        }
        return keys;
    }

    /**
     * Makes every polling envoy one with a task pending, so that a poll without an ETag is one the
     * gateway must relay: each checks in (swarm enabled, a long interval so it stays online), and
     * once the app knows the last of them, a cleanup is dispatched to them all; returns when the
     * gateway hands the last one its task.
     */
    private void givePendingTask(URI gateway, URI api, String operatorToken, String[] keys) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long epoch = System.currentTimeMillis(); // newer than any earlier run's, so every check-in counts
        for (int envoy = 0; envoy < hosts; envoy++) {
            String body = Json.mapper().writeValueAsString(new io.vigo.swarm.api.envoy.CheckIn(host(envoy), "bench-polls", 3_600_000L, true,
                    java.time.Instant.now(), epoch, 1L));
            int status = http.send(HttpRequest.newBuilder(gateway.resolve(EnvoyPaths.CHECKIN)).header("Authorization", "Bearer " + keys[envoy])
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                throw new IllegalStateException("checking " + host(envoy) + " in: the gateway answered " + status);
            }
        }
        io.vigo.swarm.api.VigoApiClient operator = new io.vigo.swarm.api.VigoApiClient(api, java.time.Duration.ofSeconds(10), operatorToken);
        String last = host(hosts - 1);
        until("the app to know " + last, () -> {
            try {
                return operator.envoy(last).swarmEnabled();
            } catch (io.vigo.swarm.api.ApiException notYet) {
                return false;
            }
        });
        operator.cleanup(new io.vigo.swarm.api.CleanupRequest(java.util.UUID.randomUUID().toString(), "poll-cost-*"));
        until("the gateway to hand " + last + " its task", () -> http.send(HttpRequest.newBuilder(gateway.resolve(EnvoyPaths.TASKS))
                .header("Authorization", "Bearer " + keys[hosts - 1]).GET().build(), HttpResponse.BodyHandlers.ofString()).body().contains("taskId"));
    }

    private static void until(String what, java.util.concurrent.Callable<Boolean> done) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!done.call()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after 60 s waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** One request per index, spread over the connections; the app's CPU seconds over all of them ÷ their count, in µs. */
    private double microsPerRequest(long pid, ExecutorService threads, List<KeepAlive> open,
            java.util.function.IntFunction<byte[]> request) throws Exception {
        AtomicInteger next = new AtomicInteger();
        double before = ProcessStats.cpuSeconds(pid);
        List<Future<?>> running = new ArrayList<>();
        for (KeepAlive connection : open) {
            running.add(threads.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    int status = send(connection, request.apply(i)).status();
                    if (status != 200 && status != 304) {
                        throw new IllegalStateException("the app answered " + status);
                    }
                }
                return null;
            }));
        }
        for (Future<?> done : running) {
            done.get();
        }
        return (ProcessStats.cpuSeconds(pid) - before) * 1e6 / requests;
    }

    /** One exchange; once more on a new connection when the server had closed this one (the gateway closes idle ones after 30 s). */
    private static KeepAlive.Answer send(KeepAlive connection, byte[] request) throws IOException {
        try {
            return connection.send(request);
        } catch (IOException closed) {
            return connection.send(request);
        }
    }

    /** After the warm-up each envoy presents the ETag of its last answer, as agents do: the steady state is 304s. */
    private void primeEtags(KeepAlive app, KeepAlive gateway, URI api, URI gatewayUri, String token, String[] keys, String[] appEtags,
            String[] agentEtags) throws IOException {
        for (int envoy = 0; envoy < hosts; envoy++) {
            appEtags[envoy] = send(app, request(api, "/api/v1/envoys/" + host(envoy) + "/tasks", token, null)).etag();
            agentEtags[envoy] = send(gateway, request(gatewayUri, EnvoyPaths.TASKS, keys[envoy], null)).etag();
        }
    }

    private static String host(int envoy) {
        return "poll-cost-" + envoy + ".bench";
    }

    private static byte[] request(URI api, String path, String token, String etag) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + api.getHost() + ":" + api.getPort() + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Accept: application/json\r\n"
                + (etag == null ? "" : "If-None-Match: " + etag + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
