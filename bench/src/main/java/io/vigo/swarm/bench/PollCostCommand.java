package io.vigo.swarm.bench;

import io.vigo.swarm.api.LocalEndpoints;
import java.io.IOException;
import java.net.URI;
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
 * {@code bin/vigo _bench-polls}: what an agent's task poll costs the streams app, apart from its
 * events. Against a running system ({@code bin/vigo up}, whose pid and API its data dir names),
 * rounds of conditional polls of {@code GET /envoys/{host}/tasks} as the gateway forwards them,
 * each round beside a round of {@code GET /health} on the same connections: the HTTP server's
 * floor, measured in the same run. CPU is the app process's over each round; with no input the
 * stream threads are idle, so nearly all of it is the requests'. The first round warms up.
 */
@Command(name = "_bench-polls", hidden = true,
        description = "App process CPU µs per task poll, beside the HTTP floor (/health), against a running system (bin/vigo up).")
public final class PollCostCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The running local system's data dir (default: $VIGO_DATA_DIR, else ~/.vigo)")
    Path dataDir;
    @Option(names = "--requests", defaultValue = "200000", description = "Requests per round and kind (default: ${DEFAULT-VALUE})") int requests;
    @Option(names = "--rounds", defaultValue = "4", description = "Rounds, the first a warm-up (default: ${DEFAULT-VALUE})") int rounds;
    @Option(names = "--connections", defaultValue = "4", description = "Keep-alive connections, one thread each (default: ${DEFAULT-VALUE})") int connections;
    @Option(names = "--hosts", defaultValue = "10000", description = "Distinct envoys polled (default: ${DEFAULT-VALUE})") int hosts;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : LocalEndpoints.defaultDataDir();
        URI api = URI.create(LocalEndpoints.read(dir).api());
        long pid = Long.parseLong(Files.readString(dir.resolve("vigo.pid")).trim());
        String token = Files.readString(dir.resolve("instance.token")).trim();
        String[] etags = new String[hosts];
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        List<KeepAlive> open = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            open.add(new KeepAlive(api.getHost(), api.getPort()));
        }
        try {
            for (int round = 0; round < rounds; round++) {
                String warm = round == 0 ? " (warm-up)" : "";
                double floor = microsPerRequest(pid, threads, open, i -> request(api, "/health", null, null));
                double polls = microsPerRequest(pid, threads, open, i -> {
                    int envoy = i % hosts;
                    return request(api, "/api/v1/envoys/" + host(envoy) + "/tasks", token, etags[envoy]);
                });
                System.out.printf(Locale.ROOT, "round %d%s: task poll %.1f µs of app CPU, /health %.1f µs (poll ÷ floor %.2f)%n",
                        round, warm, polls, floor, polls / floor);
                if (round == 0) {
                    primeEtags(open.get(0), api, token, etags);
                }
            }
        } finally {
            threads.shutdownNow();
            open.forEach(KeepAlive::close);
        }
        return 0;
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
                    int status = connection.exchange(request.apply(i));
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

    /** After the warm-up each envoy presents the ETag of its last answer, as agents do: the steady state is 304s. */
    private void primeEtags(KeepAlive connection, URI api, String token, String[] etags) throws IOException {
        for (int envoy = 0; envoy < hosts; envoy++) {
            etags[envoy] = connection.send(request(api, "/api/v1/envoys/" + host(envoy) + "/tasks", token, null)).etag();
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
