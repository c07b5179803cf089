package io.vigo.swarm.streams.app;

import io.vigo.swarm.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start a streams app beside another one with a different application id on the same
 * topics.
 *
 * <p>The app's topics between its own sub-topologies ({@code seeder-changes}, {@code entry-states},
 * {@code task-updates}, {@code allowlist-broadcast}) are named by the topic prefix, not by the
 * application id (they are catalogue topics, created and checked by {@code bin/vigo topics
 * apply}). Two apps with different ids on one prefix would each read what the other writes
 * there: a rebuild started beside the serving app would feed its replay of old seeds and task
 * states into the serving app's manifest and task sides, and the serving app's present into the
 * replay; both would also write the gateways' task marks. A rebuild under a new application id
 * replaces the serving app (docs/deployment.md, "Rebuilding the views"); this check makes the
 * mistake one line at start instead of views that quietly disagree.
 *
 * <p>Another app counts as running while its consumer group has members and reads one of those
 * topics (by its members' assignment, or, while it rebalances, by its committed offsets). A group
 * whose instances are stopping leaves within the session timeout, so the check waits that long
 * before it refuses: a replacement started right after the old app's stop is not refused. On a
 * cluster whose ACLs hide other groups from this app's principal the check sees nothing and
 * passes.
 */
final class SoleApplication {

    private static final Logger log = LoggerFactory.getLogger(SoleApplication.class);

    /** How long another app's members may take to leave: the session timeout (10 s) and a margin. */
    static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration RECHECK_EVERY = Duration.ofMillis(500);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private SoleApplication() {
    }

    /** The topics only streams apps of this prefix read: the app's own topics between its sub-topologies. */
    static Set<String> internalTopics(TopicNames topics) {
        return Set.of(topics.seederChanges(), topics.entryStates(), topics.taskUpdates(), topics.allowlistBroadcast());
    }

    /**
     * Returns once no other application id runs on {@code topics}, waiting up to {@code patience}
     * for one that is stopping; else throws an {@link IllegalStateException} naming it.
     */
    static void check(Admin admin, String applicationId, TopicNames topics, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        Set<String> internal = internalTopics(topics);
        Optional<String> other;
        try {
            other = running(admin, applicationId, internal);
            if (other.isPresent()) {
                log.info("another streams app ({}) runs on the topics with prefix '{}'; waiting up to {} s for it to stop",
                        other.get(), topics.prefix(), patience.toSeconds());
            }
            while (other.isPresent() && System.nanoTime() < deadline) {
                pause();
                other = running(admin, applicationId, internal);
            }
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof AuthorizationException) {
                log.warn("cannot see the cluster's other consumer groups ({}); not checking that no other streams app runs on these topics",
                        e.getCause().getMessage());
                return;
            }
            throw e;
        }
        if (other.isPresent()) {
            throw new IllegalStateException("another streams app (application.id " + other.get() + ") is running on the topics with prefix '"
                    + topics.prefix() + "': two apps would read each other's internal topics; stop it before starting application.id "
                    + applicationId + " (a rebuild replaces the serving app: docs/deployment.md, \"Rebuilding the views\")");
        }
    }

    /** The id of a running consumer group other than {@code applicationId} that reads one of {@code internal}. */
    static Optional<String> running(Admin admin, String applicationId, Set<String> internal) {
        Collection<GroupListing> groups = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
        List<String> candidates = new ArrayList<>();
        for (GroupListing group : groups) {
            boolean idle = group.groupState().map(state -> state == GroupState.EMPTY || state == GroupState.DEAD).orElse(false);
            if (!group.groupId().equals(applicationId) && !idle) {
                candidates.add(group.groupId());
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        for (ConsumerGroupDescription group : get(admin.describeConsumerGroups(candidates).all()).values()) {
            if (!group.members().isEmpty() && reads(admin, group, internal)) {
                return Optional.of(group.groupId());
            }
        }
        return Optional.empty();
    }

    private static boolean reads(Admin admin, ConsumerGroupDescription group, Set<String> internal) {
        for (MemberDescription member : group.members()) {
            for (TopicPartition partition : member.assignment().topicPartitions()) {
                if (internal.contains(partition.topic())) {
                    return true;
                }
            }
        }
        // While a group rebalances its members hold no assignment; what it committed says what it reads.
        return get(admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata()).keySet().stream()
                .anyMatch(partition -> internal.contains(partition.topic()));
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for other streams apps", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot list the cluster's consumer groups to check that no other streams app runs on these topics: "
                    + cause.getMessage(), cause);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RECHECK_EVERY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another streams app to stop", e);
        }
    }
}
