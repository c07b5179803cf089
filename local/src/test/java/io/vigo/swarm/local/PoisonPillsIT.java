package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Corrupt bytes and invalid events mixed into the event topics: nothing stops, every bad record is
 * on the dead-letter topic byte for byte, and every good event is counted exactly once.
 */
class PoisonPillsIT {

    private static final int GOOD = 100;
    private static FixtureCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void badRecordsAreDeadLetteredUntouchedAndGoodOnesCountedOnce() throws Exception {
        var topics = FixtureCluster.TOPICS;
        List<byte[]> garbage = new ArrayList<>();
        try (var raw = new KafkaProducer<byte[], byte[]>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "key.serializer", ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class))) {
            for (int i = 0; i < GOOD; i++) {
                String host = "host" + i;
                cluster.checkIn(host);
                cluster.cache(host, FixtureCluster.cached(host, 1, 1_000L), List.of());
                if (i % 10 == 0) {
                    byte[] bytes = i % 20 == 0
                            ? ("not avro " + i).getBytes(StandardCharsets.UTF_8)                       // no magic byte
                            : ByteBuffer.allocate(9).put((byte) 0).putInt(999_000 + i).putInt(i).array(); // unknown schema id
                    garbage.add(bytes);
                    String topic = i % 20 == 0 ? topics.checkins() : topics.envoyReports();
                    raw.send(new ProducerRecord<>(topic, host.getBytes(StandardCharsets.UTF_8), bytes)).get();
                }
            }
        }
        // Decodable but invalid: a bad hostname, an impossible interval, a bad sha.
        cluster.publishRaw("Bad_Host", new EnvoyCheckIn("Bad_Host", "1", 15_000L, true, Instant.now(), 1L, 1L));
        cluster.publishRaw("slowhost", new EnvoyCheckIn("slowhost", "1", 10L, true, Instant.now(), 1L, 1L));
        cluster.publishRaw("host1", new PeerRecordUpdated("host1", 1L, 999L, "nope", PeerState.CACHED, 1L));
        cluster.flush();

        int bad = garbage.size() + 3;
        var status = Await.until("every good event counted and every bad one dead-lettered", Duration.ofSeconds(90),
                () -> cluster.client().status(), s -> s.envoysTotal() == GOOD && s.fleetFootprintBytes() == GOOD * 1_000L
                        && s.deadLetters() == bad);
        assertThat(status.deadLetters()).isEqualTo(bad);

        Set<String> deadValues = new HashSet<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "group.id", "poison-reader", "auto.offset.reset", "earliest", "isolation.level", "read_committed",
                "key.deserializer", ByteArrayDeserializer.class, "value.deserializer", ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topics.deadLetter()));
            List<ConsumerRecord<byte[], byte[]>> dead = Await.until("the dead letters", Duration.ofSeconds(30), () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> deadValues.add(java.util.HexFormat.of().formatHex(r.value())));
                return List.<ConsumerRecord<byte[], byte[]>>of();
            }, ignored -> deadValues.size() >= bad);
            assertThat(dead).isEmpty();
        }
        for (byte[] bytes : garbage) {
            assertThat(deadValues).contains(java.util.HexFormat.of().formatHex(bytes));
        }
        CliRun run = CliRun.vigocli(Map.of(), "swarm", "status", "--server", cluster.api());
        assertThat(run.stderr()).isEqualTo("vigocli: warning: " + bad + " record(s) in the dead-letter topic: some input was refused\n");
    }
}
