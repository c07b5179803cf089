package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigo.swarm.api.EnvoyStatus;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.topics.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The views are a function of what the topics keep (issue 17): an envoy silent for longer than
 * any heartbeat is kept is still known, with its cache, after the views are rebuilt from the
 * topics. The check-ins topic is compacted by hostname once its records are older than the
 * history horizon; this test shortens that lag and the segments so the broker's cleaner runs
 * within the test, lets it compact the silent envoy's partition, then starts a streams app under a
 * new application id (no state, no changelogs, no offsets) and compares its answers with the live
 * app's. The new id is refused while the live app runs (the two would share the app's internal
 * topics) and accepted once it has stopped.
 */
class RebuildFromTopicsIT {

    private static final String SILENT = "annlap";
    private static final String HOLIDAY_SEED = "holiday-build.tar";
    private static final String BUSY_SEED = "busy-repo.git";
    private static FixtureCluster cluster;
    private static String busy;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        // What production keeps (the catalogue), then this test's shortening of it.
        Map<String, String> configs = checkinsSpec().configs();
        assertThat(configs).containsEntry("cleanup.policy", "compact");
        assertThat(Duration.ofMillis(Long.parseLong(configs.get("min.compaction.lag.ms")))).isGreaterThan(Duration.ofDays(7));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            ConfigResource checkins = new ConfigResource(ConfigResource.Type.TOPIC, FixtureCluster.TOPICS.checkins());
            admin.incrementalAlterConfigs(Map.of(checkins, List.of(
                    new AlterConfigOp(new ConfigEntry("min.compaction.lag.ms", "0"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("segment.ms", "1000"), AlterConfigOp.OpType.SET)))).all().get();
        }
        busy = sharingAPartitionWith(SILENT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anEnvoySilentPastEveryHeartbeatIsStillKnownWithItsCacheAfterARebuild() throws Exception {
        // The silent envoy checks in once, with a one-second interval, reports its cache and a seed,
        // and is tagged; the busy one seeds too. The manifest side's entries go through the app's
        // own topics (seeder-changes, entry-states), which a rebuild reads from their beginning.
        cluster.allowlist("vigoserver", SILENT, busy);
        cluster.publishRaw(SILENT, new EnvoyCheckIn(SILENT, "0.34.1", 1_000L, true, cluster.brokerNow(), 1L, 1L));
        cluster.cache(SILENT, FixtureCluster.cached(SILENT, 3, 40_000_000L), List.of(FixtureCluster.seed(HOLIDAY_SEED, Subsystem.PAYLOAD)));
        cluster.publishOperator(SILENT, new EnvoyTagged(SILENT, "team", "ops", "test", Instant.now()));
        cluster.checkIn(busy);
        cluster.cache(busy, FixtureCluster.cached(busy, 2, 10_000_000L), List.of(FixtureCluster.seed(BUSY_SEED, Subsystem.GITBACK)));
        cluster.checkIn("homeserver");
        cluster.flush();
        Await.until("the silent envoy offline in the live views", Duration.ofSeconds(60), () -> cluster.client().envoy(SILENT),
                envoy -> envoy.status() == EnvoyStatus.OFFLINE);
        Await.until("both seeds' entries published", Duration.ofSeconds(60), () -> cluster.client().filecasts().entries(),
                entries -> entries.size() == 2);

        // The busy envoy keeps checking in on the silent one's partition until the cleaner has
        // compacted it: a segment closes on the first append after segment.ms, the cleaner wakes
        // every 15 s, and then the busy envoy's superseded heartbeats are gone.
        int[] published = {1};
        Await.until("the check-ins partition compacted", Duration.ofSeconds(90), () -> {
            cluster.checkIn(busy);
            cluster.flush();
            published[0]++;
            return checkinsOnTheSharedPartition();
        }, keys -> keys.contains(SILENT) && keys.stream().filter(busy::equals).count() < published[0]);
        List<String> kept = checkinsOnTheSharedPartition();
        assertThat(kept).as("the silent envoy's only check-in is kept").containsOnlyOnce(SILENT);

        Map<String, JsonNode> live = answers();
        // Beside the serving app, a second application id would read and write the same internal
        // topics: it is refused with one line, after waiting out the serving app's session.
        assertThatThrownBy(() -> cluster.startStreams("vigo-swarm-beside"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("another streams app (application.id vigo-swarm) is running on the topics with prefix")
                .hasMessageContaining("stop it before starting application.id vigo-swarm-beside");
        cluster.stopStreams();
        cluster.startStreams("vigo-swarm-rebuilt");
        Await.until("the rebuilt views caught up", Duration.ofSeconds(120), () -> {
            try {
                return cluster.client().status();
            } catch (RuntimeException e) {
                return null;
            }
        }, status -> status != null && status.complete() && status.inputLagRecords() == 0 && status.envoysTotal() == 3);
        Map<String, JsonNode> rebuilt = Await.until("the rebuilt views answering as the live ones did", Duration.ofSeconds(30),
                RebuildFromTopicsIT::answers, answers -> answers.equals(live));

        assertThat(rebuilt).isEqualTo(live);
        JsonNode silent = rebuilt.get("/api/v1/envoys/" + SILENT);
        assertThat(silent.get("status").asText()).isEqualTo("offline");
        assertThat(silent.toString()).contains("\"team\":\"ops\"");
        assertThat(rebuilt.get("/api/v1/swarm/peers?limit=0").toString()).contains(SILENT);
        assertThat(rebuilt.get("/api/v1/swarm/filecast/" + FixtureCluster.sha(HOLIDAY_SEED)).toString())
                .as("the silent envoy's entry, with it as its seeder").contains(HOLIDAY_SEED).contains("\"state\":\"active\"")
                .contains("\"seeders\":1");
    }

    /** What an operator reads of the present, with the moment of the answer taken out. */
    private static Map<String, JsonNode> answers() {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (String path : List.of("/api/v1/swarm/status", "/api/v1/swarm/peers?limit=0", "/api/v1/envoys", "/api/v1/envoys/" + SILENT,
                "/api/v1/envoys/" + busy, "/api/v1/swarm/filecast", "/api/v1/swarm/filecast/" + FixtureCluster.sha(HOLIDAY_SEED))) {
            JsonNode answer = cluster.client().get(path.substring("/api/v1".length()), JsonNode.class).deepCopy();
            withoutAnswerTime(answer);
            answers.put(path, answer);
        }
        return answers;
    }

    private static void withoutAnswerTime(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("generatedAt", "inputLagRecords"));
        }
        node.forEach(RebuildFromTopicsIT::withoutAnswerTime);
    }

    /** The keys of the check-ins on the silent envoy's partition, from its beginning. */
    private static List<String> checkinsOnTheSharedPartition() {
        TopicPartition partition = new TopicPartition(FixtureCluster.TOPICS.checkins(), partitionOf(SILENT));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", cluster.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> keys = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                }
            }
            return keys;
        }
    }

    /** A hostname of the fleet's kind whose check-ins land on {@code host}'s partition. */
    private static String sharingAPartitionWith(String host) {
        int partition = partitionOf(host);
        return IntStream.range(0, 1_000).mapToObj(i -> String.format("danlap%02d", i)).filter(name -> partitionOf(name) == partition)
                .findFirst().orElseThrow();
    }

    private static TopicCatalogue.TopicSpec checkinsSpec() {
        return TopicCatalogue.load().resolve("dev").stream()
                .filter(topic -> topic.name().equals(FixtureCluster.TOPICS.checkins())).findFirst().orElseThrow();
    }

    /** The producer's default partitioner for a keyed record (murmur2 of the key's bytes). */
    private static int partitionOf(String key) {
        int partitions = checkinsSpec().partitions();
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }
}
