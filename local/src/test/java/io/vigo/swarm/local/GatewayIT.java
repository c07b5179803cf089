package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.gateway.Gateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The envoy gateway against the real broker, registry and streams app: the protocol page's curl
 * examples run verbatim; one envoy's key cannot speak for another; keys are forged, reset and
 * retired; limits answer 429 and 413; TLS with a certificate made here; a corpus of bad requests
 * gets 4xx with a message and writes nothing; no secret or key reaches the log.
 */
class GatewayIT {

    private static final String SHA = "b".repeat(64);
    private static FixtureCluster cluster;
    private static Gateway gateway;
    private static String base;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final StringWriter log = new StringWriter();
    private static final List<String> secrets = new ArrayList<>();
    private static Path workDir;
    /** The streams app instances' secret, which the gateway presents to the tracker. */
    private static String instanceToken;

    @BeforeAll
    static void start() throws Exception {
        captureLogs();
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        gateway = cluster.startGateway(Map.of());
        base = gateway.url("127.0.0.1");
        secrets.add(cluster.enrolSecret());
        secrets.add(Files.readString(cluster.dataDir().resolve(LocalSecrets.GATEWAY_SIGNING_SECRET)).trim());
        instanceToken = Files.readString(cluster.dataDir().resolve(LocalSecrets.INSTANCE_TOKEN)).trim();
        secrets.add(instanceToken);
        workDir = Files.createTempDirectory("vigo-gateway-it");
        // The app is started, not yet whole: a fleet-wide list (the revoked shas an envoy fetches)
        // is 503 until every partition is confirmed caught up, a few seconds on a loaded machine.
        Await.until("every partition of the tracker confirmed", Duration.ofSeconds(60),
                () -> tracker("/api/v1/swarm/filecast/revoked").statusCode(), status -> status == 200);
    }

    /** The tracker's answer to a GET of {@code path}, asked with the instances' token as a gateway asks. */
    private static HttpResponse<String> tracker(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(cluster.api() + path)).header("Authorization", "Bearer " + instanceToken)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            // Nothing secret reached the log in the whole run: secrets, and every key issued.
            String logged = log.toString();
            assertThat(logged).contains("enrolled"); // the capture works
            for (String secret : secrets) {
                assertThat(logged).as("a secret or key in the log").doesNotContain(secret);
            }
        } finally {
            cluster.close();
            try (var files = Files.walk(workDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void captureLogs() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        var config = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("gateway-it").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n").build()).build();
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
    }

    /**
     * The Grafana dashboard of docker-compose.yml queries only metrics that live instances export:
     * every metric name in every panel's PromQL is in the streams app's or the gateway's /metrics.
     */
    @Test
    void everyMetricTheDashboardQueriesIsExportedByALiveInstance() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.discarding());
        JsonNode dashboard = io.vigo.swarm.api.Json.mapper().readTree(CliRun.ROOT.resolve("deploy/grafana/dashboards/vigo-swarm.json").toFile());
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(target -> queries.add(target.get("expr").asText())));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(12);

        java.util.Set<String> exported = Await.until("the per-partition lag and the gateway's request counts exported", Duration.ofSeconds(30),
                () -> {
                    java.util.Set<String> names = new java.util.HashSet<>();
                    for (String url : List.of(cluster.api() + "/metrics", base + "/metrics")) {
                        try {
                            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body().lines()
                                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                                    .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return names;
                }, names -> names.contains("vigo_ingest_partition_lag_records") && names.contains("vigo_gateway_requests_total"));
        for (String query : queries) {
            assertThat(PromQl.metricNames(query)).as(query).isNotEmpty();
            assertThat(exported).as("exported by a streams app or a gateway: the metrics of " + query).containsAll(PromQl.metricNames(query));
        }
    }

    // ---- the protocol page ----------------------------------------------------------------------

    @Test
    void theProtocolPagesCurlExamplesRunVerbatimAndTheHostShowsInPeers() throws Exception {
        String page = Files.readString(CliRun.ROOT.resolve("docs/envoy-protocol.md"));
        Matcher blocks = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(page);
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        int count = 0;
        while (blocks.find()) {
            script.append(blocks.group(1)).append('\n');
            count++;
        }
        assertThat(count).as("bash blocks on the page").isGreaterThanOrEqualTo(5);
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script.toString()).directory(workDir.toFile()).redirectErrorStream(true);
        bash.environment().putAll(Map.of("GATEWAY", base, "ENROL_SECRET", cluster.enrolSecret(), "HOST", "curlhost"));
        Process run = bash.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output.strip()).as("the conditional poll of an unchanged task list").endsWith("304");
        secrets.add(Files.readString(workDir.resolve("envoy.key")).trim());

        PeerRow row = Await.until("curlhost in swarm peers", Duration.ofSeconds(30),
                () -> cluster.client().peers(PeerSort.HOSTNAME, 0).rows().stream().filter(r -> r.hostname().equals("curlhost")).findFirst().orElse(null),
                r -> r != null && r.cached() == 1);
        assertThat(row.footprintBytes()).isEqualTo(2_000_000_000L);
        assertThat(row.status()).isEqualTo(io.vigo.swarm.api.EnvoyStatus.ONLINE);
    }

    // ---- identity ---------------------------------------------------------------------------------

    @Test
    void oneEnvoysKeyCannotSpeakForAnotherAndNothingOfTheRequestIsWritten() throws Exception {
        String a = enrol("imp-a");
        String b = enrol("imp-b");
        long epoch = System.currentTimeMillis();
        assertThat(post("/envoy/v1/checkin", b, checkIn("imp-b", epoch, 1)).statusCode()).isEqualTo(200);
        assertThat(post("/envoy/v1/reports", b, reports(resync("imp-b", epoch, 1, 1))).statusCode()).isEqualTo(200);
        EnvoyDetail before = Await.until("imp-b's cache", Duration.ofSeconds(30), () -> envoy("imp-b"), e -> e != null && e.cached() == 1);
        double refusedBefore = refused("impersonation");
        long writtenBefore = eventRecords();

        HttpResponse<String> checkIn = post("/envoy/v1/checkin", a, checkIn("imp-b", epoch + 1, 1));
        HttpResponse<String> resync = post("/envoy/v1/reports", a, reports(resync("imp-b", epoch + 1, 1, 0)));
        HttpResponse<String> result = post("/envoy/v1/reports", a, reports(taskResult("imp-b", epoch + 1, 2)));
        // A's own report first, B's second: the whole request is refused, A's included.
        HttpResponse<String> mixed = post("/envoy/v1/reports", a, reports(resync("imp-a", epoch, 1, 1) + "," + resync("imp-b", epoch + 1, 3, 0)));
        for (HttpResponse<String> refusal : List.of(checkIn, resync, result, mixed)) {
            assertThat(refusal.statusCode()).as(refusal.body()).isEqualTo(403);
            assertThat(message(refusal)).contains("imp-a's", "imp-b");
        }
        assertThat(refused("impersonation") - refusedBefore).isEqualTo(4);
        assertThat(eventRecords()).as("records on checkins and envoy-reports").isEqualTo(writtenBefore);
        EnvoyDetail after = envoy("imp-b");
        assertThat(after.cached()).isEqualTo(1);
        assertThat(after.lastSeen()).isEqualTo(before.lastSeen());
        assertThat(envoy("imp-a")).as("A's own part of the mixed request was not written either").isNull();
    }

    @Test
    void forgedTruncatedResetAndRetiredKeysAreRefused() throws Exception {
        String key = enrol("keys-a");
        long epoch = System.currentTimeMillis();
        assertThat(post("/envoy/v1/checkin", key, checkIn("keys-a", epoch, 1)).statusCode()).isEqualTo(200);

        String forged = key.substring(0, key.length() - 2) + (key.endsWith("AA") ? "BB" : "AA");
        assertThat(post("/envoy/v1/checkin", forged, checkIn("keys-a", epoch, 2)).statusCode()).isEqualTo(401);
        assertThat(post("/envoy/v1/checkin", key.substring(0, key.length() - 5), checkIn("keys-a", epoch, 2)).statusCode()).isEqualTo(401);
        assertThat(post("/envoy/v1/checkin", null, checkIn("keys-a", epoch, 2)).statusCode()).isEqualTo(401);

        HttpResponse<String> again = enrolRequest("keys-a", cluster.enrolSecret());
        assertThat(again.statusCode()).as("a host holding a valid key cannot enrol again").isEqualTo(409);
        assertThat(message(again)).contains("vigocli envoys reset-key keys-a");
        assertThat(enrolRequest("keys-z", "not the secret at all").statusCode()).isEqualTo(401);

        CliRun reset = CliRun.vigocli(Map.of("VIGO_DATA_DIR", cluster.dataDir().toString()), "envoys", "reset-key", "keys-a", "--server", cluster.api());
        assertThat(reset.exitCode()).as(reset.stderr()).isZero();
        assertThat(reset.stdout()).isEqualTo("Reset the key of keys-a; it enrols again with the enrolment secret.\n");
        Instant resetAt = Instant.now();
        Await.until("the reset key refused", Duration.ofSeconds(5), () -> post("/envoy/v1/checkin", key, checkIn("keys-a", epoch, 3)).statusCode(),
                status -> status == 401);
        assertThat(Duration.between(resetAt, Instant.now())).isLessThan(Duration.ofSeconds(5));

        String renewed = enrol("keys-a");
        assertThat(renewed).isNotEqualTo(key);
        assertThat(post("/envoy/v1/checkin", renewed, checkIn("keys-a", epoch, 4)).statusCode()).isEqualTo(200);
        assertThat(post("/envoy/v1/checkin", key, checkIn("keys-a", epoch, 5)).statusCode()).as("the old key stays dead").isEqualTo(401);

    }

    @Test
    void anEnrolmentAskedAgainWithItsIdGetsTheSameKeyAndNoOtherDoes() throws Exception {
        String id = "retry-id-0123456789abcdef";
        secrets.add(id); // never logged either
        HttpResponse<String> first = enrolRequest("again-a", cluster.enrolSecret(), id);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String key = Json.mapper().readTree(first.body()).get("key").asText();
        secrets.add(key);

        HttpResponse<String> retried = enrolRequest("again-a", cluster.enrolSecret(), id);
        assertThat(retried.statusCode()).as("the answer to a lost enrolment, asked again").isEqualTo(200);
        assertThat(Json.mapper().readTree(retried.body()).get("key").asText()).isEqualTo(key);
        assertThat(post("/envoy/v1/checkin", key, checkIn("again-a", System.currentTimeMillis(), 1)).statusCode()).isEqualTo(200);

        assertThat(enrolRequest("again-a", cluster.enrolSecret(), "another-id-0123456789abcdef").statusCode())
                .as("another enroller, even with the secret").isEqualTo(409);
        assertThat(enrolRequest("again-a", cluster.enrolSecret(), null).statusCode()).isEqualTo(409);
        HttpResponse<String> badId = enrolRequest("again-b", cluster.enrolSecret(), "short");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(message(badId)).isEqualTo("enrolmentId must be 16 to 128 characters of A-Z, a-z, 0-9, '-' and '_'");
    }

    @Test
    void aDecommissionedHostsKeyIsRefused() throws Exception {
        String key = enrol("keys-d");
        long epoch = System.currentTimeMillis();
        assertThat(post("/envoy/v1/checkin", key, checkIn("keys-d", epoch, 1)).statusCode()).isEqualTo(200);
        Await.until("keys-d known", Duration.ofSeconds(30), () -> envoy("keys-d"), e -> e != null);
        CliRun decommission = CliRun.vigocli(Map.of("VIGO_DATA_DIR", cluster.dataDir().toString()), "envoys", "decommission", "keys-d",
                "--server", cluster.api());
        assertThat(decommission.exitCode()).as(decommission.stderr()).isZero();
        Await.until("the decommissioned key refused", Duration.ofSeconds(5),
                () -> post("/envoy/v1/checkin", key, checkIn("keys-d", epoch, 2)).statusCode(), status -> status == 401);
        assertThat(enrolRequest("keys-d", cluster.enrolSecret()).statusCode()).as("a decommissioned host may enrol again").isEqualTo(200);
    }

    @Test
    void aLargeCacheArrivesInPagesAndAPageReplacesOnlyItsRange() throws Exception {
        String key = enrol("page-a");
        long epoch = System.currentTimeMillis();
        assertThat(post("/envoy/v1/checkin", key, checkIn("page-a", epoch, 1)).statusCode()).isEqualTo(200);
        String pages = page("page-a", epoch, 1, "", 3, 1, 2) + "," + page("page-a", epoch, 2, sha(3), 5, 3, 4) + "," + page("page-a", epoch, 3, sha(5), 0, 5, 6);
        assertThat(post("/envoy/v1/reports", key, reports(pages)).statusCode()).isEqualTo(200);
        Await.until("six blobs from three pages", Duration.ofSeconds(30), () -> envoy("page-a"), e -> e != null && e.cached() == 6);

        // The middle range again, without sha 4: only that range changes.
        assertThat(post("/envoy/v1/reports", key, reports(page("page-a", epoch, 4, sha(3), 5, 3))).statusCode()).isEqualTo(200);
        EnvoyDetail after = Await.until("sha 4 gone", Duration.ofSeconds(30), () -> envoy("page-a"), e -> e.cached() == 5);
        assertThat(after.blobs()).extracting(EnvoyDetail.Blob::sha).containsExactly(sha(1), sha(2), sha(3), sha(5), sha(6));
    }

    private static String sha(int n) {
        return String.format("%064x", n);
    }

    /** A resync page from sha {@code from} to sha number {@code to} (0: the last page) holding the given blobs. */
    private static String page(String host, long epoch, long sequence, String from, int to, int... blobs) {
        StringBuilder peers = new StringBuilder();
        for (int blob : blobs) {
            peers.append(peers.length() == 0 ? "" : ",").append("{\"sha\": \"").append(sha(blob)).append("\", \"state\": \"cached\", \"bytes\": 100}");
        }
        return "{\"type\": \"cacheResyncPage\", \"hostname\": \"" + host + "\", \"agentEpoch\": " + epoch + ", \"sequence\": " + sequence
                + ", \"fromSha\": \"" + from + "\", \"toSha\": " + (to == 0 ? "null" : "\"" + sha(to) + "\"") + ", \"peers\": [" + peers + "], \"seeds\": []}";
    }

    // ---- tasks through the gateway -------------------------------------------------------------

    @Test
    void anEnvoysTasksComeThroughTheGatewayOnlyAndAnUnchangedListIsA304() throws Exception {
        String key = enrol("tasks-a");
        cluster.dispatch("task-gw-0001", "tasks-a");
        // Waited for at the tracker, with the instances' token (polling the gateway would meet its rate limit).
        Await.until("the task at the tracker", Duration.ofSeconds(30), () -> tracker("/api/v1/envoys/tasks-a/tasks").body(),
                body -> body.contains("task-gw-0001"));
        // The gateway hands it out once its copy of the task marks has the host's: a poll in the
        // moments before may still be answered "nothing pending" (the agent gets it one poll later).
        HttpResponse<String> tasks = Await.until("the task through the gateway", Duration.ofSeconds(30),
                () -> get("/envoy/v1/tasks", key, null), answer -> answer.statusCode() == 200 && answer.body().contains("task-gw-0001"));
        String etag = tasks.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/envoy/v1/tasks", key, etag).statusCode()).isEqualTo(304);

        // Once the gateway has read the host's task mark, it answers the unchanged poll itself.
        double answeredHere = taskPolls("gateway");
        Await.until("an unchanged poll answered by the gateway", Duration.ofSeconds(30),
                () -> get("/envoy/v1/tasks", key, etag).statusCode() == 304 && taskPolls("gateway") > answeredHere, answered -> answered);
        // A task dispatched since is not hidden by the old mark: the same poll gets both tasks.
        cluster.dispatch("task-gw-0002", "tasks-a");
        HttpResponse<String> changed = Await.until("the new task through the gateway", Duration.ofSeconds(30),
                () -> get("/envoy/v1/tasks", key, etag), answer -> answer.statusCode() == 200);
        assertThat(changed.body()).contains("task-gw-0001", "task-gw-0002");
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);

        HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create(cluster.api() + "/api/v1/envoys/tasks-a/tasks")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).as("the tracker's endpoint is not anonymous any more").isEqualTo(401);
        HttpResponse<String> revoked = get("/envoy/v1/revoked", key, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    }

    @Test
    void theGatewayAnswersThePollOfAnEnvoyWithNothingPendingAsTheTrackerWould() throws Exception {
        String key = enrol("tasks-none");
        double relayed = taskPolls("tracker");
        double answeredHere = taskPolls("gateway");
        // An agent's first poll presents no ETag; with no mark for the host, nothing is pending.
        HttpResponse<String> first = Await.until("a first poll answered by the gateway", Duration.ofSeconds(30),
                () -> get("/envoy/v1/tasks", key, null), answer -> answer.statusCode() == 200 && taskPolls("gateway") > answeredHere);
        assertThat(taskPolls("tracker")).as("polls relayed to the tracker").isEqualTo(relayed);

        HttpResponse<String> tracker = tracker("/api/v1/envoys/tasks-none/tasks");
        assertThat(tracker.statusCode()).as(tracker.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(first.body())).as("the body the tracker answers").isEqualTo(Json.mapper().readTree(tracker.body()));
        assertThat(first.headers().firstValue("ETag")).as("the ETag the tracker answers").isEqualTo(tracker.headers().firstValue("ETag"));
        assertThat(first.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(get("/envoy/v1/tasks", key, first.headers().firstValue("ETag").orElseThrow()).statusCode()).isEqualTo(304);
    }

    /** The gateway's count of task polls answered by {@code whom} ("gateway" or "tracker"). */
    private static double taskPolls(String whom) {
        return taskPolls(base, whom);
    }

    /** The count of task polls answered by {@code whom} ("gateway" or "tracker") of the gateway at {@code base}. */
    static double taskPolls(String base, String whom) {
        return send(base, "GET", "/metrics", null, null, null).body().lines()
                .filter(line -> line.startsWith("vigo_gateway_task_polls_total{answered=\"" + whom + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    // ---- limits ---------------------------------------------------------------------------------

    @Test
    void anEnvoyOverItsRateGets429WithRetryAfterAndABodyTooLargeGets413() throws Exception {
        Gateway strict = cluster.startGateway(Map.of("rate.per.second", "0.5", "rate.burst", "2", "max.body.bytes", "4096"));
        String strictBase = strict.url("127.0.0.1");
        // Enrolled through the strict gateway itself: it knows the key at once (another gateway's enrolment it reads a moment later).
        String key = enrolAt(strictBase, "limit-a");
        long epoch = System.currentTimeMillis();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 1; i <= 3; i++) {
            last = send(strictBase, "POST", "/envoy/v1/checkin", key, "application/json", checkIn("limit-a", epoch, i));
            statuses.add(last.statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 429);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 2L));
        assertThat(message(last)).contains("limit-a sends more than");

        String big = reports(resync("limit-b", epoch, 1, 200));
        HttpResponse<String> tooLarge = send(strictBase, "POST", "/envoy/v1/reports", enrolAt(strictBase, "limit-b"), "application/json", big);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(message(tooLarge)).isEqualTo("request body larger than 4096 bytes");
    }

    @Test
    void aSilentConnectionIsClosedAndDoesNotHoldAWorker() throws Exception {
        Gateway impatient = cluster.startGateway(Map.of("idle.timeout.ms", "1000"));
        try (Socket socket = new Socket("127.0.0.1", impatient.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /envoy/v1/checkin HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // Jetty may answer before closing; read until the server closes the connection
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void aClientTricklingItsRequestIsClosedAtTheRequestTimeoutThoughNeverIdle() throws Exception {
        Gateway impatient = cluster.startGateway(Map.of("idle.timeout.ms", "1000", "request.timeout.ms", "2000"));
        byte[] head = ("POST /envoy/v1/checkin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Padding: "
                + "p".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", impatient.port())) {
            OutputStream out = socket.getOutputStream();
            long started = System.nanoTime();
            int sent = 0;
            try {
                // A byte every 200 ms: never idle for the 1 s idle timeout, never a whole request.
                while (sent < head.length && Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0) {
                    out.write(head[sent++]);
                    out.flush();
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // the client's pace, not a wait for the server
                    socket.setSoTimeout(1);
                    try {
                        if (socket.getInputStream().read() < 0) {
                            break; // closed by the gateway
                        }
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // nothing to read yet: still open
                    }
                }
            } catch (IOException closed) {
                // the write after the gateway closed the connection
            }
            Duration open = Duration.ofNanos(System.nanoTime() - started);
            assertThat(open).as("closed at the 2 s request timeout, not by the idle timeout nor left open")
                    .isBetween(Duration.ofMillis(1_800), Duration.ofSeconds(6));
            assertThat(sent).isLessThan(head.length);
        }
    }

    @Test
    void servesHttpsWithAConfiguredKeystore() throws Exception {
        Path keystore = workDir.resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "test-pass-123")
                .redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(keytoolOutput).isZero();
        Path password = Files.writeString(workDir.resolve("keystore.password"), "test-pass-123\n");
        Gateway tls = cluster.startGateway(Map.of("tls.keystore.file", keystore.toString(), "tls.keystore.password.file", password.toString()));
        assertThat(tls.url("127.0.0.1")).startsWith("https://");

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "test-pass-123".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(tls.url("127.0.0.1") + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> enrolled = https.send(HttpRequest.newBuilder(URI.create(tls.url("127.0.0.1") + "/envoy/v1/enrol"))
                .header("Authorization", "Bearer " + cluster.enrolSecret()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hostname\": \"tls-a\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
        secrets.add(Json.mapper().readTree(enrolled.body()).get("key").asText());
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> http.send(HttpRequest.newBuilder(
                URI.create(tls.url("127.0.0.1").replace("https", "http") + "/health")).build(), HttpResponse.BodyHandlers.ofString())))
                .as("plain HTTP on the TLS port").satisfiesAnyOf(
                        failure -> assertThat(failure).isInstanceOf(IOException.class),
                        failure -> assertThat(failure).isNull());
    }

    // ---- the bad-input corpus -------------------------------------------------------------------

    @Test
    void aCorpusOfBadRequestsGets4xxWithAMessageWritesNothingAndLeavesTheGatewayHealthy() throws Exception {
        // A gateway with room for the whole corpus: the rate limit would otherwise answer most of it (429).
        String corpusBase = cluster.startGateway(Map.of("rate.per.second", "10000", "rate.burst", "10000")).url("127.0.0.1");
        String key = enrol("corpus-a");
        long epoch = System.currentTimeMillis();
        List<BadRequest> corpus = BadRequests.corpus(key, cluster.enrolSecret(), epoch);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        long writtenBefore = eventRecords();
        List<String> wrong = new ArrayList<>();
        Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        for (BadRequest bad : corpus) {
            HttpResponse<String> response = send(corpusBase, bad.method(), bad.path(), bad.bearer(), bad.contentType(), bad.body());
            int status = response.statusCode();
            byStatus.merge(status, 1, Integer::sum);
            String message = status >= 400 ? messageOrNull(response) : null;
            if (status < 400 || status >= 500 || message == null || message.isBlank() || message.contains("\n")) {
                wrong.add(bad.name() + " -> " + status + " " + response.body());
            }
        }
        System.out.println("bad-input corpus: " + corpus.size() + " requests, by status " + byStatus);
        assertThat(wrong).as("requests not answered 4xx with a one-line message").isEmpty();
        assertThat(eventRecords()).as("nothing of the corpus written").isEqualTo(writtenBefore);
        assertThat(send(corpusBase, "GET", "/health", null, null, null).statusCode()).isEqualTo(200);
        assertThat(send(corpusBase, "POST", "/envoy/v1/checkin", key, "application/json", checkIn("corpus-a", epoch, 1)).statusCode())
                .as("and still takes a good request").isEqualTo(200);
        HttpResponse<String> metrics = send(corpusBase, "GET", "/metrics", null, null, null);
        assertThat(metrics.body()).contains("vigo_gateway_refused_total{reason=\"malformed\"}", "vigo_gateway_refused_total{reason=\"invalid_event\"}");
    }

    // ---- helpers --------------------------------------------------------------------------------

    static String checkIn(String host, long epoch, long sequence) {
        return "{\"hostname\": \"" + host + "\", \"agentVersion\": \"it\", \"intervalMs\": 300000, \"swarmEnabled\": true, \"agentClock\": \""
                + Instant.now() + "\", \"agentEpoch\": " + epoch + ", \"sequence\": " + sequence + "}";
    }

    static String resync(String host, long epoch, long sequence, int blobs) {
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < blobs; i++) {
            peers.append(i == 0 ? "" : ",").append("{\"sha\": \"").append(String.format("%064x", i + 1)).append("\", \"state\": \"cached\", \"bytes\": 1000}");
        }
        return "{\"type\": \"cacheResync\", \"hostname\": \"" + host + "\", \"agentEpoch\": " + epoch + ", \"sequence\": " + sequence
                + ", \"peers\": [" + peers + "], \"seeds\": []}";
    }

    static String taskResult(String host, long epoch, long sequence) {
        return "{\"type\": \"taskResult\", \"hostname\": \"" + host + "\", \"agentEpoch\": " + epoch + ", \"sequence\": " + sequence
                + ", \"taskId\": \"task-forged-01\", \"outcome\": \"done\", \"output\": \"swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=0\","
                + " \"finishedAt\": \"" + Instant.now() + "\"}";
    }

    static String reports(String items) {
        return "{\"reports\": [" + items + "]}";
    }

    private static String enrol(String host) throws Exception {
        return enrolAt(base, host);
    }

    private static String enrolAt(String gateway, String host) throws Exception {
        HttpResponse<String> response = send(gateway, "POST", "/envoy/v1/enrol", cluster.enrolSecret(), "application/json",
                "{\"hostname\": \"" + host + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String key = Json.mapper().readTree(response.body()).get("key").asText();
        secrets.add(key);
        return key;
    }

    private static HttpResponse<String> enrolRequest(String host, String secret) throws Exception {
        return enrolRequest(host, secret, null);
    }

    private static HttpResponse<String> enrolRequest(String host, String secret, String enrolmentId) throws Exception {
        return send(base, "POST", "/envoy/v1/enrol", secret, "application/json", "{\"hostname\": \"" + host + "\""
                + (enrolmentId == null ? "" : ", \"enrolmentId\": \"" + enrolmentId + "\"") + "}");
    }

    private static HttpResponse<String> post(String path, String key, String body) {
        return send(base, "POST", path, key, "application/json", body);
    }

    private static HttpResponse<String> get(String path, String key, String etag) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(String base, String method, String path, String bearer, String contentType, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }

    private static String message(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body()).get("message").asText();
    }

    private static String messageOrNull(HttpResponse<String> response) {
        try {
            JsonNode node = Json.mapper().readTree(response.body());
            return node != null && node.size() == 1 && node.get("message") != null ? node.get("message").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static EnvoyDetail envoy(String host) {
        try {
            return cluster.client().envoy(host);
        } catch (io.vigo.swarm.api.ApiException e) {
            return null;
        }
    }

    private static double refused(String reason) {
        Matcher counter = Pattern.compile("vigo_gateway_refused_total\\{reason=\"" + reason + "\"} ([0-9.E]+)")
                .matcher(get("/metrics", null, null).body());
        return counter.find() ? Double.parseDouble(counter.group(1)) : 0;
    }

    /** Every record ever written to the topics an envoy's events go to. */
    private static long eventRecords() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", cluster.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(FixtureCluster.TOPICS.checkins(), FixtureCluster.TOPICS.envoyReports())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One request of the corpus. */
    record BadRequest(String name, String method, String path, String bearer, String contentType, String body) {
    }
}
