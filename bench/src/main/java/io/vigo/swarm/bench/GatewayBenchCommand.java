package io.vigo.swarm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.api.envoy.EnvoyKeyState;
import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.gateway.identity.EnvoyKeys;
import io.vigo.swarm.local.ApicurioRegistry;
import io.vigo.swarm.local.Ports;
import io.vigo.swarm.topics.TopicCatalogue;
import io.vigo.swarm.topics.TopicNames;
import io.vigo.swarm.topics.TopicProvisioner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/vigo bench-gateway}: the envoy gateway's figures. A broker, a registry, a streams
 * app and one gateway run each in a process of their own; per fleet size the harness (1) publishes
 * check-ins straight to Kafka through one producer, as fast as it can (the direct path, the
 * baseline of the same run); (2) sends check-ins through the gateway as fast as keep-alive
 * clients can, and divides by the gateway's own CPU seconds (check-ins per gateway core); (3)
 * drives the whole fleet through the gateway at its natural rate (one check-in per envoy per 15 s)
 * and measures how long a probe envoy's check-in takes from the HTTP request to the API's view.
 * Results go into BENCHMARKS.md with the command.
 */
@Command(name = "bench-gateway", mixinStandardHelpOptions = true,
        description = "Measure the envoy gateway: check-ins/s per gateway core against the direct producer, freshness through it, its RSS.")
public final class GatewayBenchCommand implements Callable<Integer> {

    @Option(names = "--envoys", split = ",", paramLabel = "N", description = "Fleet sizes (default: 20000,100000)")
    List<Integer> envoys = List.of(20_000, 100_000);

    @Option(names = "--seconds", paramLabel = "S", description = "Length of each throughput phase (default: ${DEFAULT-VALUE})")
    int seconds = 20;

    @Option(names = "--clients", paramLabel = "C", description = "Concurrent keep-alive connections of the throughput phase (default: ${DEFAULT-VALUE})")
    int clients = 256;

    @Option(names = "--out", paramLabel = "FILE", description = "Where the results go (default: BENCHMARKS.md)")
    Path out;

    @Option(names = "--gateway-jvm-flag", paramLabel = "FLAG", description = "A JVM flag added to the gateway's (repeatable), e.g. to profile it:"
            + " --gateway-jvm-flag=-XX:StartFlightRecording=filename=gateway.jfr")
    List<String> gatewayJvmFlags = List.of();

    private static final int PROBES = 100;
    /** The gateway's JVM flags, as docker-compose.yml runs it. */
    static final List<String> GATEWAY_FLAGS = List.of("-Xmx64m", "-Xss512k", "-XX:+UseSerialGC", "-Djdk.nio.maxCachedBufferSize=262144",
            "-XX:NativeMemoryTracking=summary");
    private final Map<Integer, Map<String, Double>> results = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("vigo-bench-gateway");
        Ports ports = Ports.anyFree();
        String bootstrap = "127.0.0.1:" + ports.kafka();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        Process broker = null;
        ApicurioRegistry registry = null;
        Instant started = Instant.now();
        try {
            System.out.println("bench-gateway: broker, registry, streams app and gateway in their own processes (" + work + ")");
            broker = Children.java(Children.BENCH, List.of("-Xmx1g", "-XX:+UseG1GC"), Map.of(), work.resolve("broker.log"),
                    "_broker", "--dir", work.resolve("kafka").toString(), "--port", String.valueOf(ports.kafka()),
                    "--controller-port", String.valueOf(ports.controller()));
            registry = ApicurioRegistry.launch(ApicurioRegistry.home(), work.resolve("registry"), ports.registry(), ports.registryManagement());
            registry.awaitReady(Duration.ofSeconds(120));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", 120_000))) {
                admin.describeCluster().clusterId().get(120, TimeUnit.SECONDS);
                for (int n : envoys) {
                    results.put(n, runFleet(n, admin, bootstrap, registry, work));
                }
            }
        } finally {
            Children.stop(broker);
            if (registry != null) {
                registry.close();
            }
            BenchCommand.deleteTree(work);
        }
        String block = block(started);
        System.out.println();
        System.out.println(block);
        Path target = out != null ? out : Report.defaultFile();
        writeInto(target, block);
        System.out.println("bench-gateway: written into " + target);
        return 0;
    }

    private Map<String, Double> runFleet(int n, Admin admin, String bootstrap, ApicurioRegistry registry, Path work) throws Exception {
        String prefix = "gw" + n + ".";
        TopicCatalogue catalogue = TopicCatalogue.load();
        new TopicProvisioner(admin).apply(new TopicCatalogue(prefix, catalogue.profiles(), catalogue.topics()).resolve("dev"));
        TopicNames topics = new TopicNames(prefix);
        Map<String, Double> figures = new LinkedHashMap<>();
        System.out.printf("bench-gateway: %,d envoys%n", n);

        String instanceToken = java.util.UUID.randomUUID().toString();
        String signingSecret = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
        Path instanceTokenFile = Files.writeString(work.resolve("instance-" + n + ".token"), instanceToken);
        Path signingFile = Files.writeString(work.resolve("signing-" + n + ".secret"), signingSecret);
        Path enrolFile = Files.writeString(work.resolve("enrol-" + n + ".secret"), java.util.UUID.randomUUID().toString());
        int apiPort = Ports.free();
        int gatewayPort = Ports.free();
        Process app = Children.java(Children.VIGO, List.of("-Xmx160m", "-XX:+UseParallelGC"), Map.of(
                "VIGO_BOOTSTRAP_SERVERS", bootstrap, "VIGO_REGISTRY_URL", registry.url(),
                "VIGO_STATE_DIR", work.resolve("app-state-" + n).toString(), "VIGO_APPLICATION_ID", "gw-bench-app-" + n,
                "VIGO_TOPIC_PREFIX", prefix, "VIGO_INSTANCE_TOKEN_FILE", instanceTokenFile.toString(), "MALLOC_ARENA_MAX", "2"),
                work.resolve("app-" + n + ".log"), "streams", "--port", String.valueOf(apiPort));
        List<String> gatewayFlags = new ArrayList<>(GATEWAY_FLAGS);
        gatewayFlags.addAll(gatewayJvmFlags);
        Process gateway = Children.java(Children.VIGO, gatewayFlags, Map.of("MALLOC_ARENA_MAX", "2",
                "VIGO_GATEWAY_BOOTSTRAP_SERVERS", bootstrap, "VIGO_GATEWAY_REGISTRY_URL", registry.url(),
                "VIGO_GATEWAY_TRACKER_URL", "http://127.0.0.1:" + apiPort, "VIGO_GATEWAY_TOPIC_PREFIX", prefix,
                "VIGO_GATEWAY_INSTANCE_TOKEN_FILE", instanceTokenFile.toString(), "VIGO_GATEWAY_ENROL_SECRET_FILE", enrolFile.toString(),
                "VIGO_GATEWAY_SIGNING_SECRET_FILE", signingFile.toString(), "VIGO_GATEWAY_HTTP_PORT", String.valueOf(gatewayPort)),
                work.resolve("gateway-" + n + ".log"), "gateway");
        String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
        try {
            String[] keys = enrolAll(n, bootstrap, topics, signingSecret);
            awaitOk(gatewayUrl + "/ready", Duration.ofSeconds(120));
            awaitOk("http://127.0.0.1:" + apiPort + "/ready", Duration.ofSeconds(300));

            // (1) The direct path: the same check-ins, one producer, as fast as it goes, into topics of
            // their own (the streams app would otherwise have millions of them to work through before
            // the freshness probes).
            String directPrefix = "gwdirect" + n + ".";
            new TopicProvisioner(admin).apply(new TopicCatalogue(directPrefix, catalogue.profiles(), catalogue.topics()).resolve("dev"));
            double direct = directRate(n, bootstrap, registry, new TopicNames(directPrefix));
            figures.put("direct producer check-ins/s", direct);
            System.out.printf("bench-gateway:   direct producer %,.0f check-ins/s%n", direct);

            // (2) Through the gateway, as fast as the clients go; the gateway's own CPU divides.
            Fleet fleet = new Fleet(n, keys);
            Load load = new Load(gatewayUrl, fleet, clients, 0);
            load.start();
            double warmUp = warmUp(gateway.pid());
            figures.put("warm-up s (until the gateway's JIT settled)", warmUp);
            long okBefore = load.ok.get();
            long failedBefore = load.failed.get();
            double cpuBefore = ProcessStats.cpuSeconds(gateway.pid());
            double jitBefore = ProcessStats.jitCpuSeconds(gateway.pid());
            double harnessCpuBefore = ProcessStats.cpuSeconds(ProcessHandle.current().pid());
            long wallBefore = System.nanoTime();
            long peakRss = 0;
            while (System.nanoTime() - wallBefore < Duration.ofSeconds(seconds).toNanos()) {
                Thread.sleep(500);
                peakRss = Math.max(peakRss, ProcessStats.rssBytes(gateway.pid()));
            }
            long ok = load.ok.get() - okBefore;
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            double cpu = ProcessStats.cpuSeconds(gateway.pid()) - cpuBefore;
            double jit = ProcessStats.jitCpuSeconds(gateway.pid()) - jitBefore;
            double harnessCpu = ProcessStats.cpuSeconds(ProcessHandle.current().pid()) - harnessCpuBefore;
            load.stop();
            load.failed.addAndGet(-failedBefore);
            figures.put("harness CPU cores used", harnessCpu / wall);
            figures.put("gateway check-ins/s", ok / wall);
            figures.put("gateway CPU cores used", cpu / wall);
            figures.put("gateway check-ins/s per core", ok / cpu);
            figures.put("gateway CPU µs per check-in", cpu * 1e6 / ok);
            figures.put("of which JIT compiling cores", jit / wall);
            figures.put("gateway / direct", ok / wall / direct);
            figures.put("gateway refusals", (double) load.failed.get());
            System.out.printf("bench-gateway:   gateway %,.0f check-ins/s on %.2f cores = %,.0f per core, %.0f µs of CPU each (%.2f of direct), %d refused%n",
                    ok / wall, cpu / wall, ok / cpu, cpu * 1e6 / ok, ok / wall / direct, load.failed.get());

            // (3) The fleet at its natural rate through the gateway, and probe check-ins timed to the
            // view, once the app has worked through what the throughput phase wrote.
            double natural = n * 1000.0 / 15_000;
            Load paced = new Load(gatewayUrl, fleet, Math.max(8, clients / 4), natural);
            paced.start();
            double caughtUpSeconds = awaitCaughtUp("http://127.0.0.1:" + apiPort, Duration.ofMinutes(10));
            figures.put("app catch-up after the throughput phase s", caughtUpSeconds);
            Thread.sleep(10_000); // the app settles into the live rate before the probes
            List<Double> freshness = probe(gatewayUrl, "http://127.0.0.1:" + apiPort, fleet, gateway.pid());
            peakRss = Math.max(peakRss, ProcessStats.rssBytes(gateway.pid()));
            Map<String, Double> nmt = Nmt.summary(gateway.pid());
            paced.stop();
            System.out.println("bench-gateway:   gateway native memory (NMT, committed MB): " + nmt);
            figures.put("natural check-ins/s", natural);
            figures.put("freshness through the gateway p50 ms", Stats.percentile(freshness, 50));
            figures.put("freshness through the gateway p99 ms", Stats.percentile(freshness, 99));
            figures.put("gateway RSS MB (peak sampled)", peakRss / 1e6);
            System.out.printf("bench-gateway:   at %,.0f check-ins/s: check-in -> view p50 %.0f ms, p99 %.0f ms; gateway RSS %.0f MB%n",
                    natural, Stats.percentile(freshness, 50), Stats.percentile(freshness, 99), peakRss / 1e6);
        } finally {
            Children.stop(gateway);
            Children.stop(app);
        }
        return figures;
    }

    /**
     * Seconds of load before the measured ones: at least 10, then until the gateway's JIT compiler
     * threads used less than 5 % of a core over the last 5 s (at most 90 s). Compiling is a cost of
     * a gateway's first minute, not of its check-ins; what is left of it is reported beside the figure.
     */
    private static double warmUp(long gatewayPid) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(10_000);
        double jit = ProcessStats.jitCpuSeconds(gatewayPid);
        while (System.nanoTime() - start < Duration.ofSeconds(90).toNanos()) {
            Thread.sleep(5_000);
            double now = ProcessStats.jitCpuSeconds(gatewayPid);
            if ((now - jit) / 5 < 0.05) {
                break;
            }
            jit = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Every envoy of the fleet enrolled the way the gateway records it (an "enrolled" record on
     * envoy-keys, whose offset is the key's generation), written in bulk: enrolling 100,000 envoys
     * one HTTP request at a time measures nothing this harness reports.
     */
    private static String[] enrolAll(int n, String bootstrap, TopicNames topics, String signingSecret) throws Exception {
        EnvoyKeys keys = new EnvoyKeys(signingSecret.getBytes(StandardCharsets.UTF_8));
        String enrolled = Json.mapper().writeValueAsString(EnvoyKeyState.enrolled(Instant.now(), null));
        String[] issued = new String[n];
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all",
                "linger.ms", 20, "batch.size", 262_144), new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(n);
            for (int e = 0; e < n; e++) {
                sent.add(producer.send(new ProducerRecord<>(topics.envoyKeys(), Fleet.host(e), enrolled)));
            }
            for (int e = 0; e < n; e++) {
                issued[e] = keys.issue(Fleet.host(e), sent.get(e).get().offset());
            }
        }
        return issued;
    }

    private double directRate(int n, String bootstrap, ApicurioRegistry registry, TopicNames topics) {
        long epoch = System.currentTimeMillis();
        long sent = 0;
        try (EnvoyPublisher publisher = new EnvoyPublisher(bootstrap, registry.url(), topics)) {
            long start = System.nanoTime();
            long until = start + Duration.ofSeconds(seconds).toNanos();
            int envoy = 0;
            long sequence = 1;
            while (System.nanoTime() < until) {
                String host = Fleet.host(envoy);
                publisher.publish(host, new EnvoyCheckIn(host, "bench", 15_000L, true, Instant.now(), epoch, sequence));
                sent++;
                if (++envoy == n) {
                    envoy = 0;
                    sequence++;
                }
            }
            publisher.flush();
            return sent / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Milliseconds from sending a probe envoy's check-in to the gateway until the API shows its new last seen. */
    private static List<Double> probe(String gateway, String api, Fleet fleet, long gatewayPid) throws Exception {
        VigoApiClient client = new VigoApiClient(URI.create(api), Duration.ofSeconds(10));
        HttpClient http = HttpClient.newHttpClient();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < PROBES; i++) {
            int envoy = i; // the first envoys of the fleet stand as probes; the load skips none of them
            String before = lastSeen(client, Fleet.host(envoy));
            long sent = System.nanoTime();
            HttpResponse<String> answer = http.send(fleet.checkIn(gateway, envoy), HttpResponse.BodyHandlers.ofString());
            double took = 30_000;
            if (answer.statusCode() == 200) {
                while (System.nanoTime() - sent < Duration.ofSeconds(30).toNanos()) {
                    String now = lastSeen(client, Fleet.host(envoy));
                    if (now != null && !now.equals(before)) {
                        took = (System.nanoTime() - sent) / 1e6;
                        break;
                    }
                    Thread.sleep(5);
                }
            }
            millis.add(took);
        }
        return millis;
    }

    private static String lastSeen(VigoApiClient client, String host) {
        try {
            JsonNode envoy = client.get("/envoys/" + host, JsonNode.class);
            return envoy.path("lastSeen").asText(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Seconds until the streams app reports no input left to process (at most {@code timeout}). */
    private static double awaitCaughtUp(String api, Duration timeout) throws Exception {
        VigoApiClient client = new VigoApiClient(URI.create(api), Duration.ofSeconds(10));
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            try {
                if (client.status().inputLagRecords() < 1_000) {
                    break;
                }
            } catch (RuntimeException e) {
                // answering 503 while busy: ask again
            }
            Thread.sleep(1_000);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void awaitOk(String url, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(url + " not ready within " + timeout.toSeconds() + " s");
    }

    /** The bench fleet's envoys: hostnames, keys, and each envoy's next check-in sequence. */
    static final class Fleet {
        final int size;
        final String[] keys;
        final AtomicLongArray sequences;
        final long epoch = System.currentTimeMillis();

        Fleet(int size, String[] keys) {
            this.size = size;
            this.keys = keys;
            this.sequences = new AtomicLongArray(size);
        }

        static String host(int envoy) {
            return String.format(Locale.ROOT, "gw%06d.bench", envoy);
        }

        String body(int envoy) {
            return "{\"hostname\":\"" + host(envoy) + "\",\"agentVersion\":\"bench\",\"intervalMs\":15000,\"swarmEnabled\":true,"
                    + "\"agentClock\":\"" + Json.format(Instant.now()) + "\",\"agentEpoch\":" + epoch + ",\"sequence\":"
                    + sequences.incrementAndGet(envoy) + "}";
        }

        HttpRequest checkIn(String gateway, int envoy) {
            return HttpRequest.newBuilder(URI.create(gateway + "/envoy/v1/checkin")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + keys[envoy]).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(envoy))).build();
        }

        /** The same check-in as raw HTTP/1.1 bytes, for {@link KeepAlive}. */
        byte[] rawCheckIn(String hostPort, int envoy) {
            byte[] body = body(envoy).getBytes(StandardCharsets.UTF_8);
            String head = "POST /envoy/v1/checkin HTTP/1.1\r\nHost: " + hostPort + "\r\nAuthorization: Bearer " + keys[envoy]
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            byte[] head8 = head.getBytes(StandardCharsets.US_ASCII);
            byte[] request = java.util.Arrays.copyOf(head8, head8.length + body.length);
            System.arraycopy(body, 0, request, head8.length, body.length);
            return request;
        }
    }

    /** Keep-alive clients sending check-ins round the fleet (skipping the probes' envoys), as fast as they can or at a set rate. */
    static final class Load {
        private final String gateway;
        private final Fleet fleet;
        private final int clients;
        private final double perSecond;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong next = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private ExecutorService pool;
        private long startedNanos;

        Load(String gateway, Fleet fleet, int clients, double perSecond) {
            this.gateway = gateway;
            this.fleet = fleet;
            this.clients = clients;
            this.perSecond = perSecond;
        }

        void start() {
            pool = Executors.newFixedThreadPool(clients);
            URI target = URI.create(gateway);
            String hostPort = target.getHost() + ":" + target.getPort();
            startedNanos = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                pool.execute(() -> {
                    KeepAlive connection = new KeepAlive(target.getHost(), target.getPort());
                    while (!stop.get()) {
                        long i = next.getAndIncrement();
                        if (perSecond > 0) {
                            long due = startedNanos + (long) (i * 1e9 / perSecond);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                        }
                        int envoy = (int) (PROBES + i % (fleet.size - PROBES));
                        try {
                            int status = connection.exchange(fleet.rawCheckIn(hostPort, envoy));
                            (status == 200 ? ok : failed).incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    connection.close();
                });
            }
        }

        long stop() throws InterruptedException {
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(60, TimeUnit.SECONDS);
            return ok.get();
        }
    }

    private String block(Instant started) {
        StringBuilder text = new StringBuilder();
        text.append("### Envoy gateway\n\n");
        text.append("`bin/vigo bench-gateway").append(envoys.equals(List.of(20_000, 100_000)) ? "" : " --envoys " + envoys.stream()
                .map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("")).append("`, ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC).format(started)).append(" UTC, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores; throughput phases ").append(seconds).append(" s with ")
                .append(clients).append(" keep-alive clients in the harness's JVM (which shares the cores). Targets: ≥ 20,000 check-ins/s"
                        + " per gateway core; check-in → view p99 ≤ 1 s at 100,000 envoys; gateway RSS ≤ 256 MB. For comparison, Vigo"
                        + " sizes its server at about 55 µs per no-change check-in, all of its work included.")
                .append(gatewayJvmFlags.isEmpty() ? "" : " The gateway ran with these JVM flags added: " + String.join(" ", gatewayJvmFlags) + ".")
                .append("\n\n");
        List<String> names = new ArrayList<>(results.values().iterator().next().keySet());
        text.append("| envoys |");
        names.forEach(name -> text.append(' ').append(name).append(" |"));
        text.append("\n|---|");
        names.forEach(name -> text.append("---|"));
        text.append('\n');
        results.forEach((n, figures) -> {
            text.append("| ").append(String.format(Locale.ROOT, "%,d", n)).append(" |");
            names.forEach(name -> text.append(' ').append(format(figures.get(name))).append(" |"));
            text.append('\n');
        });
        return text.toString();
    }

    private static String format(Double value) {
        if (value == null) {
            return "-";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void writeInto(Path file, String block) throws java.io.IOException {
        String start = "<!-- bench:gateway:start -->";
        String end = "<!-- bench:gateway:end -->";
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        String replaced = start + "\n" + block + end;
        text = from >= 0 && to > from ? text.substring(0, from) + replaced + text.substring(to + end.length())
                : text + (text.endsWith("\n") ? "\n" : "\n\n") + replaced + "\n";
        Files.writeString(file, text);
    }
}
