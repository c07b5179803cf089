package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.rules.EventRules;
import io.vigo.swarm.streams.state.DeadlineIndex;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.SinkNames;
import io.vigo.swarm.streams.state.StatusChange;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Who is online: check-ins set an envoy's deadline, a deadline index names who falls due, and the
 * sweep on a wall-clock tick turns silent envoys offline. Every online/offline decision is
 * forwarded to {@code envoy-status}.
 */
final class Liveness {

    /** 2.5 intervals of silence turn an envoy offline. */
    static long deadline(long lastSeenMs, long intervalMs) {
        return lastSeenMs + intervalMs * 5 / 2;
    }

    private final ProcessorContext<String, SpecificRecord> context;
    private final int partition;
    private final FleetLedger ledger;
    private final DeadlineIndex deadlines;
    private final IngestProgress ingest;
    private final EnvoySensors sensors;
    /** Broker time of the newest check-in processed by this task since it started. */
    private long newestCheckInMs;

    Liveness(ProcessorContext<String, SpecificRecord> context, FleetLedger ledger, IngestProgress ingest, EnvoySensors sensors) {
        this.context = context;
        this.partition = context.taskId().partition();
        this.ledger = ledger;
        this.deadlines = new DeadlineIndex(context.getStateStore(StoreNames.OFFLINE_DEADLINES));
        rebuildDeadlines(context.getStateStore(StoreNames.FLEET_INDEX));
        this.ingest = ingest;
        this.sensors = sensors;
    }

    /**
     * The deadline index has no changelog: every envoy's deadline is in its FleetIndex record, so
     * the index is rebuilt from those when the task starts, before it runs (one entry per online
     * envoy, at its deadline). Changelogged, its moves were a delete and a put per online envoy
     * and deadline period: with 15 s check-ins an entry moves about every 30 s, so at 300,000
     * envoys about 20,000 changelog records a second, as many as the check-ins themselves.
     */
    private void rebuildDeadlines(KeyValueStore<String, EnvoyState> fleet) {
        deadlines.clear();
        try (KeyValueIterator<String, EnvoyState> it = fleet.all()) {
            it.forEachRemaining(entry -> {
                EnvoyState envoy = entry.value;
                if (envoy.getKnown() && envoy.getOnline() && envoy.getDeadlineMs() > 0) {
                    deadlines.put(envoy.getDeadlineMs(), entry.key);
                }
            });
        }
    }

    void checkIn(String key, EnvoyCheckIn event, long brokerTimeMs) {
        EventRules.hostname(key, event.getHostname());
        EventRules.interval(event.getIntervalMs());
        EventRules.text("agentVersion", event.getAgentVersion());
        EventRules.agentClock(event.getAgentClock(), brokerTimeMs);
        EnvoyState before = ledger.get(key);
        EventRules.sequence(event.getAgentEpoch(), event.getSequence(), brokerTimeMs,
                before == null ? -1 : before.getCheckInEpoch(), before == null ? -1 : before.getCheckInSequence());
        newestCheckInMs = Math.max(newestCheckInMs, brokerTimeMs);
        if (before != null && !FleetLedger.newer(event.getAgentEpoch(), event.getSequence(), before.getCheckInEpoch(), before.getCheckInSequence())) {
            ledger.countStale();
            return;
        }
        if (before != null && before.getOnline() && before.getDeadlineMs() > 0 && brokerTimeMs > before.getDeadlineMs() + 1) {
            ledger.silentBetween(before, before.getDeadlineMs() + 1, brokerTimeMs);
        }
        EnvoyChange change = EnvoyChange.of(key, before); // copied only for an event that changes it
        EnvoyState after = change.after();
        after.setKnown(true);
        after.setLastSeenMs(brokerTimeMs);
        after.setIntervalMs(event.getIntervalMs());
        after.setAgentVersion(event.getAgentVersion());
        after.setSwarmEnabled(event.getSwarmEnabled());
        after.setClockSkewMs(event.getAgentClock().toEpochMilli() - brokerTimeMs);
        after.setCheckInEpoch(event.getAgentEpoch());
        after.setCheckInSequence(event.getSequence());
        after.setOnline(true);
        moveDeadline(change, deadline(brokerTimeMs, event.getIntervalMs()));
        ledger.commit(change, brokerTimeMs);
        if (before == null || !before.getOnline() || !before.getKnown()) {
            forwardStatus(after, brokerTimeMs);
        }
    }

    /** A decommissioned envoy is neither known nor online, and has no deadline. */
    void decommissioned(String key, EnvoyDecommissioned event, long ts) {
        EventRules.hostname(key, event.getHostname());
        EnvoyChange change = ledger.open(key);
        if (change.before() == null || !change.before().getKnown()) {
            return;
        }
        change.after().setKnown(false);
        change.after().setOnline(false);
        moveDeadline(change, 0);
        ledger.commit(change, ts);
        if (change.wasOnline()) {
            forwardStatus(change.after(), ts);
        }
    }

    /**
     * Keeps the deadline index lazy: an online envoy has one entry at or before its deadline, not
     * one per check-in. A check-in only stores the new deadline in the envoy; the entry is written
     * when the envoy comes online, or when its deadline moves earlier (a shorter interval). When an
     * entry falls due the sweep looks at the envoy: checked in since, the entry moves to its
     * current deadline; else it goes offline. One index write per deadline period instead of a
     * delete and a put per check-in.
     */
    private void moveDeadline(EnvoyChange change, long newDeadline) {
        EnvoyState before = change.before();
        change.after().setDeadlineMs(newDeadline);
        boolean indexed = change.wasOnline() && before.getDeadlineMs() > 0;
        if (newDeadline > 0 && (!indexed || newDeadline < before.getDeadlineMs())) {
            deadlines.put(newDeadline, change.host());
        }
    }

    /**
     * Turns offline every envoy whose deadline has passed, and returns the "now" it judged by (0
     * when there is nothing to judge yet). "Now" is the wall clock once the partition's check-ins
     * are caught up, else the newest check-in processed: after downtime the backlog is read before
     * anyone is judged silent.
     */
    long sweep(long wallClockMs) {
        long now = ingest.caughtUp(partition) ? wallClockMs : Math.min(wallClockMs, newestCheckInMs);
        if (now <= 0) {
            return 0;
        }
        long started = System.nanoTime();
        int turnedOffline = 0;
        int taken = 0;
        List<KeyValue<Bytes, String>> due;
        do {
            due = deadlines.takeDue(now);
            taken += due.size();
            for (KeyValue<Bytes, String> entry : due) {
                if (judge(entry.value, now, wallClockMs)) {
                    turnedOffline++;
                }
            }
        } while (due.size() == DeadlineIndex.MOST_PER_SWEEP && turnedOffline < DeadlineIndex.MOST_PER_SWEEP && taken < MOST_TAKEN_PER_SWEEP);
        sensors.sweepLatency.record(System.nanoTime() - started);
        return now;
    }

    /**
     * The most deadline entries one sweep takes. Most entries that fall due belong to envoys that
     * checked in since and only move to their new deadline (a read of the envoy and a move in an
     * index with no changelog, some microseconds); at 300,000 envoys on 6 partitions that is about
     * 1,700 a second per partition, and a sweep bounded at {@link DeadlineIndex#MOST_PER_SWEEP}
     * entries, four sweeps a second at best, fell behind: a silent envoy waited behind them and was
     * turned offline 8.9 s late (p99). So the sweep takes entries in batches of that size until
     * it has turned that many envoys offline (the costly, changelogged decisions the bound is for:
     * see {@link DeadlineIndex}), or has taken this many in all: 8,000 a second per partition at
     * four sweeps a second, several times what moves at 300,000 envoys, while a sweep that only
     * moves entries stays within some tens of milliseconds (a punctuation holds the partition's
     * records back meanwhile).
     */
    static final int MOST_TAKEN_PER_SWEEP = 4 * DeadlineIndex.MOST_PER_SWEEP;

    /** Acts on one deadline entry that fell due; true when the envoy was turned offline. */
    private boolean judge(String host, long now, long wallClockMs) {
        EnvoyState before = ledger.get(host);
        if (before == null || !before.getOnline() || before.getDeadlineMs() <= 0) {
            return false; // offline or decommissioned meanwhile
        }
        if (before.getDeadlineMs() > now) {
            deadlines.put(before.getDeadlineMs(), host); // checked in since
            return false;
        }
        EnvoyChange change = EnvoyChange.of(host, before);
        change.after().setOnline(false);
        change.after().setDeadlineMs(0);
        // Online while T - lastSeen <= 2.5 intervals: offline from the next millisecond, whenever the sweep noticed.
        ledger.commit(change, before.getDeadlineMs() + 1);
        forwardStatus(change.after(), wallClockMs);
        sensors.offlineDetectionDelay.record(TimeUnit.MILLISECONDS.toNanos(now - before.getDeadlineMs()));
        return true;
    }

    private void forwardStatus(EnvoyState envoy, long decidedAtMs) {
        StatusChange change = new StatusChange(envoy.getHostname(), envoy.getOnline(), envoy.getLastSeenMs(), decidedAtMs);
        context.forward(new Record<String, SpecificRecord>(envoy.getHostname(), change, decidedAtMs), SinkNames.ENVOY_STATUS);
        sensors.statusTransitions.record();
    }
}
