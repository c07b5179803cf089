package io.vigo.swarm.gateway.follow;

import io.vigo.swarm.api.Etags;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ETag of every envoy's pending tasks, followed from the compacted {@code task-marks} topic the
 * streams app writes in the same transaction as the tasks themselves. With it a gateway answers an
 * agent's unchanged poll (the ETag it presents is its host's mark) with 304 on its own, and the
 * poll of an agent with nothing pending (its first after a start, say) with the empty list: at
 * 5,000 polls a second nearly all of them, and the tracker is asked only for tasks to hand out.
 *
 * <p>A host without a mark has nothing pending, so only hosts with tasks pending take memory.
 * The copy is trusted only while the follower has confirmed it current within {@link #TRUSTED_WITHIN}:
 * a task dispatched just before a poll may wait for the agent's next poll; a gateway cut off from
 * the brokers relays every poll to the tracker, as it did before it had marks.
 */
public final class TaskMarks implements AutoCloseable {

    /** How stale the copy may be and still answer: a task is then delayed by one poll at worst. */
    public static final Duration TRUSTED_WITHIN = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(TaskMarks.class);

    private final Map<String, String> marks = new ConcurrentHashMap<>();
    private final TopicFollower follower;

    public TaskMarks(String bootstrapServers, String topic) {
        this.follower = new TopicFollower(bootstrapServers, topic, "vigo-gateway-task-marks", record -> {
            if (record.value() == null) {
                marks.remove(record.key());
            } else {
                marks.put(record.key(), record.value());
            }
        }, () -> log.info("task marks caught up: {} hosts with tasks pending", marks.size()));
    }

    public TaskMarks start() {
        follower.start();
        return this;
    }

    /** What a gateway can answer on its own to a host's task poll that presents {@code ifNoneMatch} (null: none). */
    public enum Answer {
        /** The presented ETag is the host's mark: 304. */
        UNCHANGED,
        /** The host has no mark, so nothing pending: the tracker would answer the empty list, with {@link Etags#EMPTY}. */
        NOTHING_PENDING,
        /** Tasks pending that the caller has not seen, or a copy not confirmed current: only the tracker can answer. */
        ASK_THE_TRACKER
    }

    public Answer answer(String hostname, String ifNoneMatch) {
        if (!follower.currentWithin(TRUSTED_WITHIN)) {
            return Answer.ASK_THE_TRACKER;
        }
        String mark = marks.get(hostname);
        if ((mark == null ? Etags.EMPTY : mark).equals(ifNoneMatch)) {
            return Answer.UNCHANGED;
        }
        return mark == null ? Answer.NOTHING_PENDING : Answer.ASK_THE_TRACKER;
    }

    /** Hosts with tasks pending, as far as this gateway has read. */
    public int hosts() {
        return marks.size();
    }

    @Override
    public void close() {
        follower.close();
    }
}
