package io.vigo.swarm.bench;

import io.vigo.swarm.api.Etags;
import io.vigo.swarm.gateway.follow.TaskMarks;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/vigo _bench-marks}: the heap a gateway's copy of the task marks takes per envoy with
 * tasks pending. The real {@link TaskMarks} follows a scratch topic of the running system's broker
 * ({@code bin/vigo up}) holding one mark per host, as the streams app writes them (hostname →
 * ETag text); the heap is measured after a full collection with the copy holding {@code hosts},
 * then twice that, and the difference divided by the marks added, so the follower's fixed costs
 * (its consumer, fetch buffers) cancel out. The topic is deleted afterwards.
 */
@Command(name = "_bench-marks", hidden = true,
        description = "Heap bytes per task mark a gateway holds, against a running system's broker (bin/vigo up).")
public final class MarksMemoryCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092") String bootstrapServers;
    @Option(names = "--hosts", defaultValue = "100000", description = "Marks in the first step; the second adds as many (default: ${DEFAULT-VALUE})")
    int hosts;

    private static final Duration CAUGHT_UP_WITHIN = Duration.ofSeconds(120);

    @Override
    public Integer call() throws Exception {
        if (hosts < 1_000 || hosts > 5_000_000) {
            System.err.println("vigo _bench-marks: --hosts must be within 1000..5000000, not " + hosts);
            return 2;
        }
        String topic = "vigo-bench-marks-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers,
                     "linger.ms", 20, "batch.size", 256 * 1024), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                publish(producer, topic, 0, hosts);
                try (TaskMarks marks = new TaskMarks(bootstrapServers, topic)) {
                    long empty = heapAfterCollection();
                    marks.start();
                    awaitHosts(marks, hosts);
                    long first = heapAfterCollection();
                    publish(producer, topic, hosts, 2 * hosts);
                    awaitHosts(marks, 2 * hosts);
                    long second = heapAfterCollection();
                    System.out.printf(java.util.Locale.ROOT, "task marks on the heap: %,d B with none, %,d B with %,d, %,d B with %,d%n",
                            empty, first, hosts, second, 2 * hosts);
                    System.out.printf(java.util.Locale.ROOT, "per mark (the second %,d): %.0f B%n", hosts, (second - first) / (double) hosts);
                }
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    /** Marks for hosts {@code from} (inclusive) to {@code to}: hostnames and ETags shaped as a real fleet's. */
    private static void publish(KafkaProducer<String, String> producer, String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            String host = String.format(java.util.Locale.ROOT, "envoy-%07d.fleet.example.net", i);
            producer.send(new ProducerRecord<>(topic, host, Etags.of(List.of("task-" + (i % 97), "task-" + (i % 89)))));
        }
        producer.flush();
    }

    private static void awaitHosts(TaskMarks marks, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(CAUGHT_UP_WITHIN);
        while (marks.hosts() < expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the marks copy holds " + marks.hosts() + " of " + expected + " hosts after " + CAUGHT_UP_WITHIN);
            }
            Thread.sleep(50);
        }
    }

    /** Heap in use after full collections (two, so that what the first finalised is gone as well). */
    private static long heapAfterCollection() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
