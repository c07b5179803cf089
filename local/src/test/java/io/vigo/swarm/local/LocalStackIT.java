package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.api.VigoApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `bin/vigo up --simulate 200`, in-process: the whole local system and the simulated fleet. */
class LocalStackIT {

    private static Path dataDir;
    private static LocalStack stack;
    private static VigoApiClient api;

    @BeforeAll
    static void up() throws Exception {
        dataDir = Files.createTempDirectory("vigo-up-it");
        stack = LocalStack.start(new LocalStack.Options(dataDir, Ports.anyFree(), 200, 7L, "vigoserver", List.of("*.ci.example.com")));
        api = new VigoApiClient(URI.create(stack.api()), Duration.ofSeconds(10));
    }

    @AfterAll
    static void down() throws Exception {
        stack.close();
        assertThat(dataDir.resolve("endpoints.json")).doesNotExist();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void withinNinetySecondsTheSimulatedFleetShowsEveryKindOfEnvoyAndEntry() {
        Await.until("an offline envoy, a download, a revoked and a gitback entry, an idle envoy, a refused seed",
                Duration.ofSeconds(90), () -> new Object[] {api.status(), api.peers(io.vigo.swarm.api.PeerSort.FOOTPRINT, 0), api.refused()}, seen -> {
                    SwarmStatus status = (SwarmStatus) seen[0];
                    PeersPage peers = (PeersPage) seen[1];
                    List<PeerRow> rows = peers.rows();
                    return status.envoysOnline() < status.envoysTotal()
                            && rows.stream().anyMatch(r -> r.downloading() > 0)
                            && status.manifestRevoked() >= 1
                            && status.activeGitback() >= 1
                            && rows.stream().anyMatch(r -> r.substrate() == io.vigo.swarm.api.Substrate.IDLE)
                            && !((io.vigo.swarm.api.RefusedSeeds) seen[2]).seeds().isEmpty();
                });
    }

    @Test
    void endpointsNameEveryPartAndTheDataDirIsLocked() throws Exception {
        JsonNode endpoints = Json.mapper().readTree(dataDir.resolve("endpoints.json").toFile());
        assertThat(endpoints.get("kafka").asText()).isEqualTo(stack.bootstrapServers());
        assertThat(endpoints.get("registry").asText()).endsWith("/apis/ccompat/v7");
        assertThat(endpoints.get("api").asText()).isEqualTo(stack.api());
        assertThat(endpoints.get("topics").get("checkins").asText()).isEqualTo("vigo.checkins");

        assertThatThrownBy(() -> LocalStack.start(new LocalStack.Options(dataDir, Ports.anyFree(), 0, 1L, "vigoserver", List.of())))
                .hasMessageContaining("is in use by another `bin/vigo up` (pid " + ProcessHandle.current().pid() + ")");
    }

    @Test
    void theCliFindsTheLocalSystemThroughItsDataDir() {
        CliRun run = CliRun.vigocli(Map.of("VIGO_DATA_DIR", dataDir.toString()), "swarm", "status");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("Swarm substrate — generated ").contains("vigoserver  (server.hostname — implicit)");
    }

    @Test
    void healthReadinessAndMetricsAnswer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(get(http, "/health").statusCode()).isEqualTo(200);
        Await.until("/ready", Duration.ofSeconds(30), () -> get(http, "/ready").statusCode(), code -> code == 200);
        HttpResponse<String> metrics = get(http, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("vigo_envoys_online", "vigo_deadletter_records", "vigo_ingest_lag_records",
                "vigo_query_latency", "vigo_status_transitions", "vigo_offline_sweep_latency_max_seconds", "vigo_offline_detection_delay_max_seconds");
        // 503 (with Retry-After) is a fair answer while a partition is being confirmed; then 404.
        HttpResponse<String> missing = Await.until("a keyed answer for an unknown host", Duration.ofSeconds(30),
                () -> get(http, "/api/v1/envoys/no-such-host"), r -> r.statusCode() != 503);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(missing.body()).get("message").asText()).contains("no-such-host");
        HttpResponse<String> badSort = get(http, "/api/v1/swarm/peers?sort=size");
        assertThat(badSort.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(badSort.body()).get("message").asText()).contains("unknown sort key");
    }

    @Test
    void garbageOnAnEventTopicLandsInTheDeadLetterTopicUntouchedAndStatusWarns() throws Exception {
        byte[] garbage = "\u0000not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var topics = FixtureCluster.TOPICS;
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(Map.of(
                "bootstrap.servers", stack.bootstrapServers(),
                "key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class))) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.envoyReports(),
                    "danlap".getBytes(java.nio.charset.StandardCharsets.UTF_8), garbage)).get();
        }
        Await.until("one dead letter counted", Duration.ofSeconds(30), () -> api.status().deadLetters(), n -> n == 1);

        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of(
                "bootstrap.servers", stack.bootstrapServers(), "group.id", "dead-letter-reader", "auto.offset.reset", "earliest",
                "isolation.level", "read_committed",
                "key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class,
                "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topics.deadLetter()));
            var records = Await.until("the dead letter", Duration.ofSeconds(30), () -> {
                var polled = new java.util.ArrayList<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>>();
                consumer.poll(Duration.ofMillis(500)).forEach(polled::add);
                return polled;
            }, list -> !list.isEmpty());
            var dead = records.get(0);
            assertThat(dead.value()).isEqualTo(garbage);
            assertThat(new String(dead.headers().lastHeader("__streams.errors.topic").value(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(topics.envoyReports());
            assertThat(dead.headers().lastHeader("__streams.errors.exception")).isNotNull();
        }
        CliRun run = CliRun.vigocli(Map.of(), "swarm", "status", "--server", stack.api());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEqualTo("vigocli: warning: 1 record(s) in the dead-letter topic: some input was refused\n");
        assertThat(run.stdout()).startsWith("Swarm substrate");
    }

    private static HttpResponse<String> get(HttpClient http, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(stack.api() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
