package io.vigo.swarm.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.streams.state.StoreNames;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StoreReadinessTest {

    private static final String FLEET = StoreNames.FLEET_INDEX;

    /** A probe with settable answers, counting the passes that reached Kafka. */
    private static final class FakeProbe implements StoreReadiness.Probe {
        final Map<String, Map<Integer, Long>> lags = new HashMap<>();
        volatile Set<Integer> caughtUp = Set.of();
        volatile Runnable duringCatchUpCheck = () -> { };
        final AtomicInteger lagCalls = new AtomicInteger();
        final AtomicInteger newTargets = new AtomicInteger();

        @Override
        public Map<String, Map<Integer, Long>> changelogLags() {
            lagCalls.incrementAndGet();
            return lags;
        }

        @Override
        public Map<Integer, Set<TopicPartition>> activeInputs(Set<Integer> partitions) {
            Map<Integer, Set<TopicPartition>> inputs = new HashMap<>();
            partitions.forEach(p -> inputs.put(p, Set.of(new TopicPartition("checkins", p))));
            return inputs;
        }

        @Override
        public Set<Integer> caughtUp(Map<Integer, Set<TopicPartition>> inputs) {
            duringCatchUpCheck.run();
            return caughtUp;
        }

        @Override
        public void newTargets() {
            newTargets.incrementAndGet();
        }
    }

    private final FakeProbe probe = new FakeProbe();
    private final StoreReadiness readiness = new StoreReadiness(probe);

    @Test
    void trustsOnlyPartitionsWithoutChangelogLagWhoseInputIsCaughtUp() {
        probe.lags.put(FLEET, Map.of(0, 0L, 1, 0L, 2, 7L));
        probe.caughtUp = Set.of(0);

        readiness.refresh();

        assertThat(readiness.trusted(FLEET, 0)).isTrue();
        assertThat(readiness.trusted(FLEET, 1)).as("whole but behind its input").isFalse();
        assertThat(readiness.trusted(FLEET, 2)).as("changelog lag").isFalse();
        assertThat(readiness.trusted(StoreNames.PEER_ORDER, 0)).as("derived from FleetIndex of the same partition").isTrue();
        assertThat(readiness.trusted(StoreNames.PEER_ORDER, 1)).isFalse();
    }

    @Test
    void aRequestNeverWaitsForTheBrokers() throws Exception {
        probe.lags.put(FLEET, Map.of(0, 0L));
        CountDownLatch inCheck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        probe.duringCatchUpCheck = () -> {
            inCheck.countDown();
            try {
                release.await(10, TimeUnit.SECONDS); // a broker that takes its time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        probe.caughtUp = Set.of(0);
        CompletableFuture<Void> pass = CompletableFuture.runAsync(readiness::refresh);
        assertThat(inCheck.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> request = CompletableFuture.supplyAsync(() -> readiness.trusted(FLEET, 0));
        assertThat(request.get(1, TimeUnit.SECONDS)).as("answered while the pass waits on the broker").isFalse();

        release.countDown();
        pass.get(5, TimeUnit.SECONDS);
        assertThat(readiness.trusted(FLEET, 0)).isTrue();
    }

    @Test
    void aRebalanceUntrustsEverythingAndTakesNewTargets() {
        probe.lags.put(FLEET, Map.of(0, 0L));
        probe.caughtUp = Set.of(0);
        readiness.refresh();
        assertThat(readiness.trusted(FLEET, 0)).isTrue();

        readiness.rebalancing();

        assertThat(readiness.trusted(FLEET, 0)).isFalse();
        readiness.refresh();
        assertThat(readiness.trusted(FLEET, 0)).isTrue();
        assertThat(probe.newTargets).as("targets taken once per rebalance").hasValue(2);
    }

    @Test
    void aPassThatSpansARebalanceConfirmsNothing() {
        probe.lags.put(FLEET, Map.of(0, 0L));
        probe.caughtUp = Set.of(0);
        probe.duringCatchUpCheck = readiness::rebalancing;

        readiness.refresh();

        assertThat(readiness.trusted(FLEET, 0)).isFalse();
    }

    @Test
    void aRestoringPartitionIsNotTrusted() {
        probe.lags.put(FLEET, Map.of(0, 0L));
        probe.caughtUp = Set.of(0);
        readiness.refresh();
        TopicPartition changelog = new TopicPartition("vigo-swarm-fleet-index-changelog", 0);

        readiness.onRestoreStart(changelog, FLEET, 0, 100);
        assertThat(readiness.trusted(FLEET, 0)).isFalse();
        assertThat(readiness.idle()).isFalse();

        readiness.onRestoreEnd(changelog, FLEET, 100);
        readiness.refresh();
        assertThat(readiness.trusted(FLEET, 0)).isTrue();
        assertThat(readiness.idle()).isTrue();
    }

    @Test
    void asksTheBrokersNothingOnceEverythingLocalIsConfirmed() {
        probe.lags.put(FLEET, Map.of(0, 0L, 1, 0L));
        probe.caughtUp = Set.of(0, 1);
        readiness.refresh();
        int calls = probe.lagCalls.get();

        readiness.refresh();
        readiness.trusted(FLEET, 0);
        readiness.refresh();

        assertThat(probe.lagCalls).hasValue(calls);
    }

    @Test
    void keepsLookingWhileAPartitionIsBehind() {
        probe.lags.put(FLEET, Map.of(0, 0L));
        probe.caughtUp = Set.of();
        readiness.refresh();
        assertThat(readiness.trusted(FLEET, 0)).isFalse();

        probe.caughtUp = Set.of(0);
        readiness.refresh();

        assertThat(readiness.trusted(FLEET, 0)).isTrue();
    }

    @Test
    void partitionsAssignedAfterAnEmptyPassAreConfirmedOnceTheAssignmentSettles() {
        readiness.refresh(); // at start-up, before any task: nothing local, nothing to do
        probe.lags.put(FLEET, Map.of(0, 0L)); // the task arrives; an empty store restores without restore events
        probe.caughtUp = Set.of(0);
        readiness.refresh();
        assertThat(readiness.trusted(FLEET, 0)).as("no event said so yet").isFalse();

        readiness.assignmentSettled(); // REBALANCING -> RUNNING
        readiness.refresh();

        assertThat(readiness.trusted(FLEET, 0)).isTrue();
    }
}
