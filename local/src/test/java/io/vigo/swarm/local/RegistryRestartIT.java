package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registry restart in the middle of an ingest that carries poison pills. The hard case: the
 * streams app restarts while the registry is down, so it has no schema cached and cannot tell a
 * good record from one with an unknown schema id until the registry is back. It must wait, not
 * dead-letter: afterwards the dead-letter topic holds exactly the poison pills and every good
 * event is counted once.
 */
class RegistryRestartIT {

    private static final int HOSTS = 200;
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
    void aRegistryRestartDuringIngestDeadLettersOnlyThePoisonPills() throws Exception {
        cluster.allowlist("vigoserver");
        List<byte[]> pills = new ArrayList<>();
        try (var raw = new KafkaProducer<byte[], byte[]>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "key.serializer", ByteArraySerializer.class, "value.serializer", ByteArraySerializer.class))) {
            ingest(0, HOSTS / 2, raw, pills);
            cluster.flush();
            Await.until("the first half counted", Duration.ofSeconds(60), () -> cluster.client().status(),
                    s -> s.envoysTotal() == HOSTS / 2);

            cluster.stopRegistry();
            // The publisher has its schema ids cached and keeps publishing; the app restarts cold meanwhile.
            ingest(HOSTS / 2, HOSTS, raw, pills);
            cluster.flush();
            cluster.stopStreams();
            long retriesBefore = io.vigo.swarm.streams.errors.DeadLetters.REGISTRY_RETRIES.get();
            cluster.startStreams();
            Await.until("the cold app waiting for the registry", Duration.ofSeconds(60),
                    io.vigo.swarm.streams.errors.DeadLetters.REGISTRY_RETRIES::get, n -> n > retriesBefore);
            cluster.startRegistry();
        }

        var status = Await.until("every good event counted once and every pill dead-lettered", Duration.ofSeconds(120),
                () -> cluster.client().status(), s -> s.envoysTotal() == HOSTS && s.deadLetters() == pills.size());
        assertThat(status.fleetFootprintBytes()).isEqualTo(HOSTS * 2 * 1_000L);

        Set<String> expected = new TreeSet<>();
        pills.forEach(p -> expected.add(HexFormat.of().formatHex(p)));
        Set<String> dead = new TreeSet<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "group.id", "registry-restart-reader", "auto.offset.reset", "earliest", "isolation.level", "read_committed",
                "key.deserializer", ByteArrayDeserializer.class, "value.deserializer", ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(FixtureCluster.TOPICS.deadLetter()));
            Await.until("the dead letters read", Duration.ofSeconds(30), () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> dead.add(HexFormat.of().formatHex(r.value())));
                return dead.size();
            }, n -> n >= pills.size());
        }
        assertThat(dead).isEqualTo(expected);
    }

    /** Hosts [from, to): a check-in and a two-blob cache each; every 25th host also gets a pill on the reports topic. */
    private static void ingest(int from, int to, KafkaProducer<byte[], byte[]> raw, List<byte[]> pills) throws Exception {
        for (int i = from; i < to; i++) {
            String host = "host" + i;
            cluster.checkIn(host);
            cluster.cache(host, FixtureCluster.cached(host, 2, 1_000L), List.of());
            if (i % 25 == 0) {
                byte[] pill = i % 50 == 0
                        ? ("not avro " + i).getBytes(StandardCharsets.UTF_8)
                        : ByteBuffer.allocate(9).put((byte) 0).putInt(888_000 + i).putInt(i).array(); // unknown schema id
                pills.add(pill);
                raw.send(new ProducerRecord<>(FixtureCluster.TOPICS.envoyReports(), host.getBytes(StandardCharsets.UTF_8), pill)).get();
            }
        }
    }
}
