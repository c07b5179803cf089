package io.vigo.swarm.streams.write;

import io.vigo.swarm.streams.query.ViewsUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Read-your-writes: waits until the streams app has processed a record it was just given. Under
 * exactly-once the group's committed offset moves only when the transaction that applied the
 * record to the stores commits, so once it passes the record the views show it, on whichever
 * instance owns the partition.
 */
public final class WriteBarrier {

    private static final long POLL_MS = 25;

    private final Admin admin;
    private final String applicationId;
    private final Duration timeout;

    public WriteBarrier(Admin admin, String applicationId, Duration timeout) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.timeout = timeout;
    }

    public void awaitProcessed(RecordMetadata written) {
        TopicPartition partition = new TopicPartition(written.topic(), written.partition());
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS).get(partition);
                if (committed != null && committed.offset() > written.offset()) {
                    return;
                }
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // the coordinator may be moving; try again until the deadline
            }
        }
        throw new ViewsUnavailableException("the change was written but the views did not show it within "
                + timeout.toSeconds() + " s; it will appear once processing catches up");
    }
}
