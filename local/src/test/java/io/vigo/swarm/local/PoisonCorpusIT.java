package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.ManifestRevoked;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.RegistrySerdes;
import io.vigo.swarm.events.RevokeReason;
import io.vigo.swarm.events.SeedAnnounced;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedingAllowlistSet;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.events.TaskDispatched;
import io.vigo.swarm.local.verify.ApiViews;
import io.vigo.swarm.local.verify.EventReplay;
import io.vigo.swarm.local.verify.ViewComparison;
import io.vigo.swarm.streams.errors.DeadLetters;
import io.vigo.swarm.topics.TopicNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kept poison corpus: every input topic gets garbage, truncated, over-long and bit-flipped
 * bodies behind valid schema ids, an unknown id and a record of another topic's type; then events
 * that decode but break the rules (invalid values, malformed patterns, implausible epochs and
 * sequences), all mixed with good events. Nothing stops (no stream thread replaced), every bad
 * record is on the dead-letter topic byte for byte, every good event counts once, an attack on an
 * envoy's sequence freezes nothing, and the independent replay agrees with the views.
 */
class PoisonCorpusIT {

    private static final int GOOD = 60;
    private static final TopicNames TOPICS = FixtureCluster.TOPICS;
    private static FixtureCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    /** One bad record: where it goes, its key and its exact bytes. */
    private record Poison(String kind, String topic, String key, byte[] value) {
    }

    @Test
    void everyPoisonIsDeadLetteredByteForByteAndNothingStops() throws Exception {
        cluster.allowlist("vigoserver", "host1*");
        Serializer<SpecificRecord> events = RegistrySerdes.valueSerde(cluster.registryUrl()).serializer();
        Instant now = Instant.now();
        String sha = FixtureCluster.sha("poison-blob");
        String taskId = "poison-task-0001";

        // A good event of each topic's own type, to corrupt.
        Map<String, Map.Entry<String, SpecificRecord>> samples = new java.util.LinkedHashMap<>();
        samples.put(TOPICS.checkins(), Map.entry("host0", new EnvoyCheckIn("host0", "0.34.1", 300_000L, true, now, 1L, 1L)));
        samples.put(TOPICS.envoyReports(), Map.entry("host0", new PeerRecordUpdated("host0", 1L, 1L, sha, PeerState.CACHED, 1_000L)));
        samples.put(TOPICS.operator(), Map.entry("host0", new EnvoyTagged("host0", "team", "ops", "fixture", now)));
        samples.put(TOPICS.manifestAdmin(), Map.entry(sha, new ManifestRevoked(sha, RevokeReason.OPERATOR, "fixture", now)));
        samples.put(TOPICS.config(), Map.entry(TopicNames.ALLOWLIST_SETTING,
                new SeedingAllowlistSet(List.of("*"), "vigoserver", "fixture", now)));
        samples.put(TOPICS.tasks(), Map.entry(taskId, new TaskDispatched(taskId, "vigo swarm _apply-cleanup", "*", 1, "fixture", now, 60L)));

        List<Poison> undecodable = new ArrayList<>();
        List<String> topics = new ArrayList<>(samples.keySet());
        for (int t = 0; t < topics.size(); t++) {
            String topic = topics.get(t);
            String key = samples.get(topic).getKey();
            SpecificRecord sample = samples.get(topic).getValue();
            byte[] framed = events.serialize(topic, sample);
            undecodable.add(new Poison("garbage", topic, key, ("not avro at all " + topic).getBytes(StandardCharsets.UTF_8)));
            undecodable.add(new Poison("truncated", topic, key, Arrays.copyOf(framed, 5 + (framed.length - 5) / 2)));
            undecodable.add(new Poison("over-long", topic, key, concat(framed, new byte[] {1, 2, 3})));
            undecodable.add(new Poison("bit-flipped", topic, key, flippedUndecodable(framed, sample)));
            undecodable.add(new Poison("unknown id", topic, key, ByteBuffer.allocate(framed.length).put((byte) 0).putInt(987_654_321)
                    .put(framed, 5, framed.length - 5).array()));
            // A good event of the next topic's type, framed with its real id, on the wrong topic.
            String other = topics.get((t + 1) % topics.size());
            undecodable.add(new Poison("wrong record type", topic, key, events.serialize(other, samples.get(other).getValue())));
        }

        // Good events, with the poison produced in between, as raw bytes exactly as listed.
        try (var raw = new KafkaProducer<byte[], byte[]>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "key.serializer", ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class))) {
            for (int i = 0; i < GOOD; i++) {
                String host = "host" + i;
                cluster.checkIn(host);
                cluster.cache(host, FixtureCluster.cached(host, 1, 1_000L), List.of());
                if (i < undecodable.size()) {
                    Poison p = undecodable.get(i);
                    raw.send(new ProducerRecord<>(p.topic(), p.key().getBytes(StandardCharsets.UTF_8), p.value())).get();
                }
            }
            for (int i = GOOD; i < undecodable.size(); i++) {
                Poison p = undecodable.get(i);
                raw.send(new ProducerRecord<>(p.topic(), p.key().getBytes(StandardCharsets.UTF_8), p.value())).get();
            }
        }

        // Decodable, refused by the rules: invalid values, malformed patterns, implausible epochs and sequences.
        long ms = cluster.brokerNow().toEpochMilli();
        List<Map.Entry<String, SpecificRecord>> invalid = List.of(
                Map.entry("Bad_Host", new EnvoyCheckIn("Bad_Host", "1", 15_000L, true, now, 1L, 1L)),
                Map.entry("slowhost", new EnvoyCheckIn("slowhost", "1", 10L, true, now, 1L, 1L)),
                Map.entry("host1", new PeerRecordUpdated("host1", 1L, 999L, "nope", PeerState.CACHED, 1L)),
                Map.entry("host2", new EnvoyTagged("host2", "", "x", "fixture", now)),
                Map.entry(FixtureCluster.sha("other"), new ManifestRevoked(sha, RevokeReason.OPERATOR, "fixture", now)),
                Map.entry(TopicNames.ALLOWLIST_SETTING, new SeedingAllowlistSet(List.of("["), "vigoserver", "fixture", now)),
                Map.entry("poison-task-0002", new TaskDispatched("poison-task-0002", "vigo swarm _apply-cleanup", "[", 1, "fixture", now, 60L)),
                Map.entry("host10", new SeedAnnounced("host10", 1L, 500L,
                        SeedManifest.newBuilder(FixtureCluster.seed("bad-target", Subsystem.PAYLOAD)).setTarget("[").build())),
                // The attacks: a check-in that would take host3 out of the population and freeze it,
                // and a resync that would empty host4's cache and freeze its reports.
                Map.entry("host3", new EnvoyCheckIn("host3", "1", 15_000L, false, now, Long.MAX_VALUE, Long.MAX_VALUE)),
                Map.entry("host4", new CacheResync("host4", 1L, Long.MAX_VALUE, List.of(), List.of())),
                Map.entry("host5", new CacheResync("host5", ms + Duration.ofDays(1).toMillis(), 1L, List.of(), List.of())));
        invalid.forEach(event -> cluster.publishRaw(event.getKey(), event.getValue()));
        // The attacked envoys go on as before: their next real events must still count.
        for (String host : List.of("host3", "host4", "host5")) {
            cluster.checkIn(host);
            cluster.cache(host, FixtureCluster.cached(host, 1, 1_000L), List.of());
        }
        cluster.flush();

        int bad = undecodable.size() + invalid.size();
        var status = Await.until("every good event counted and every bad one dead-lettered", Duration.ofSeconds(120),
                () -> cluster.client().status(), s -> s.envoysTotal() == GOOD && s.fleetFootprintBytes() == GOOD * 1_000L
                        && s.deadLetters() == bad);
        assertThat(status.deadLetters()).isEqualTo(bad);
        assertThat(status.seedingAllowlist().patterns()).as("a malformed allowlist is refused, the good one stays")
                .containsExactly("host1*");
        assertThat(cluster.streamsApp().threadsReplaced()).as("stream threads replaced").isZero();
        assertThat(cluster.client().envoy("host3").status()).isEqualTo(io.vigo.swarm.api.EnvoyStatus.ONLINE);
        assertThat(cluster.client().envoy("host4").footprintBytes()).isEqualTo(1_000L);

        Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = deadLettersByKeyAndValue(bad);
        for (Poison p : undecodable) {
            ConsumerRecord<byte[], byte[]> dead = deadLetters.get(keyAndValue(p.key().getBytes(StandardCharsets.UTF_8), p.value()));
            assertThat(dead).as(p.kind() + " on " + p.topic() + " dead-lettered byte for byte").isNotNull();
            assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(p.key());
            assertThat(header(dead, DeadLetters.HEADER_TOPIC)).isEqualTo(p.topic());
            assertThat(header(dead, DeadLetters.HEADER_MESSAGE)).isNotBlank();
        }

        EventReplay replay = EventReplay.read(cluster.bootstrapServers(), cluster.confluentRegistryUrl(), TOPICS, EventReplay.Progress.NONE);
        assertThat(replay.undecodable()).as("records the replay skipped as undecodable").isEqualTo(undecodable.size());
        var views = ApiViews.fetch(cluster.client(), replay.tasks().keySet());
        assertThat(ViewComparison.differences(replay, views)).isEmpty();

        CliRun run = CliRun.vigocli(Map.of(), "swarm", "status", "--server", cluster.api());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEqualTo("vigocli: warning: " + bad + " record(s) in the dead-letter topic: some input was refused\n");
    }

    /** The sample's frame with one body byte changed so that the body no longer decodes as its record. */
    private static byte[] flippedUndecodable(byte[] framed, SpecificRecord sample) {
        for (int at = 5; at < framed.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = framed.clone();
                flipped[at] ^= (byte) (1 << bit);
                if (!decodes(flipped, sample)) {
                    return flipped;
                }
            }
        }
        throw new AssertionError("no single bit flip breaks " + sample.getSchema().getName());
    }

    private static boolean decodes(byte[] framed, SpecificRecord sample) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null);
            new SpecificDatumReader<SpecificRecord>(sample.getSchema()).read(null, decoder);
            return decoder.isEnd();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Map<String, ConsumerRecord<byte[], byte[]>> deadLettersByKeyAndValue(int expected) {
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "group.id", "poison-reader", "auto.offset.reset", "earliest", "isolation.level", "read_committed",
                "key.deserializer", ByteArrayDeserializer.class, "value.deserializer", ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(TOPICS.deadLetter()));
            Await.until("the dead letters", Duration.ofSeconds(30), () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(dead::add);
                return dead.size();
            }, n -> n >= expected);
        }
        assertThat(dead).hasSize(expected);
        Map<String, ConsumerRecord<byte[], byte[]>> byKeyAndValue = new HashMap<>();
        dead.forEach(r -> byKeyAndValue.put(keyAndValue(r.key(), r.value()), r));
        return byKeyAndValue;
    }

    private static String keyAndValue(byte[] key, byte[] value) {
        return HexFormat.of().formatHex(key) + "/" + HexFormat.of().formatHex(value);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
