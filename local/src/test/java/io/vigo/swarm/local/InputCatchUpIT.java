package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.streams.app.InputCatchUp;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When a moved partition counts as caught up with its input, against a real broker: only once the
 * group has committed past the last data record that was there at the move, whatever transaction
 * markers or aborted records follow it.
 */
class InputCatchUpIT {

    private static final String GROUP = "catch-up-it";
    private static TempBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = TempBroker.start("vigo-catch-up-it");
        admin = broker.admin();
    }

    @AfterAll
    static void stopBroker() throws IOException {
        broker.close();
    }

    private static TopicPartition topic(String name) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        return new TopicPartition(name, 0);
    }

    private static void commit(TopicPartition partition, long offset) throws Exception {
        admin.alterConsumerGroupOffsets(GROUP, Map.of(partition, new OffsetAndMetadata(offset))).all().get();
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Test
    void aPartitionIsCaughtUpOnlyOnceCommittedPastItsLastRecord() throws Exception {
        TopicPartition plain = topic("plain");
        try (KafkaProducer<String, String> producer = producer(null)) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(plain.topic(), "k", "v" + i));
            }
        }
        try (InputCatchUp catchUp = new InputCatchUp(admin, GROUP, broker.bootstrapServers())) {
            commit(plain, 3);
            assertThat(catchUp.caughtUp(Map.of("p0", Set.of(plain)))).isEmpty();
            commit(plain, 5);
            assertThat(catchUp.caughtUp(Map.of("p0", Set.of(plain)))).containsExactly("p0");
        }
    }

    @Test
    void aTrailingCommitMarkerOrAbortedTransactionNeedNotBeProcessed() throws Exception {
        TopicPartition operator = topic("operator");
        try (KafkaProducer<String, String> producer = producer("catch-up-it-writes")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(operator.topic(), "k", "committed 0"));
            producer.send(new ProducerRecord<>(operator.topic(), "k", "committed 1"));
            producer.commitTransaction(); // offsets 0, 1 and the marker at 2
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(operator.topic(), "k", "aborted 3"));
            producer.abortTransaction(); // offset 3 and the marker at 4
        }
        try (InputCatchUp catchUp = new InputCatchUp(admin, GROUP, broker.bootstrapServers())) {
            commit(operator, 1);
            assertThat(catchUp.caughtUp(Map.of(7, Set.of(operator)))).as("one committed record left").isEmpty();
            commit(operator, 2);
            assertThat(catchUp.caughtUp(Map.of(7, Set.of(operator)))).as("only markers and an aborted record left").containsExactly(7);
        }
    }

    @Test
    void aKeyWaitsForEveryInputAndTargetsAreTakenAgainAfterAReset() throws Exception {
        TopicPartition checkins = topic("checkins");
        TopicPartition reports = topic("reports");
        try (KafkaProducer<String, String> producer = producer(null)) {
            producer.send(new ProducerRecord<>(checkins.topic(), "k", "c0"));
            producer.send(new ProducerRecord<>(reports.topic(), "k", "r0"));
            producer.send(new ProducerRecord<>(reports.topic(), "k", "r1"));
        }
        try (InputCatchUp catchUp = new InputCatchUp(admin, GROUP, broker.bootstrapServers())) {
            commit(checkins, 1);
            commit(reports, 1);
            assertThat(catchUp.caughtUp(Map.of(0, Set.of(checkins, reports)))).isEmpty();
            commit(reports, 2);
            assertThat(catchUp.caughtUp(Map.of(0, Set.of(checkins, reports)))).containsExactly(0);

            try (KafkaProducer<String, String> producer = producer(null)) {
                producer.send(new ProducerRecord<>(checkins.topic(), "k", "c1")).get();
            }
            assertThat(catchUp.caughtUp(Map.of(0, Set.of(checkins, reports)))).as("target fixed until a rebalance").containsExactly(0);
            catchUp.reset();
            assertThat(catchUp.caughtUp(Map.of(0, Set.of(checkins, reports)))).as("new target after a rebalance").isEmpty();
        }
    }
}
