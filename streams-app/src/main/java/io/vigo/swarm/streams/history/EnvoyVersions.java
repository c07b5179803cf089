package io.vigo.swarm.streams.history;

import io.vigo.swarm.streams.state.EnvoyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every envoy as it was from each of its changes on (SPEC §12 "as of" for {@code swarm peers} and
 * {@code envoys show}): key {@code hostname, 0x00, moment} (big-endian), value the envoy from that
 * moment until its next version. A version is written only when something other than the latest
 * check-in's bookkeeping changes (status, first check-in, decommission, interval, agent, tags,
 * counts), so a check-in that changes nothing adds nothing; the check-in times themselves are in
 * the {@code checkins} topic, which keeps them for the horizon (see the query side's CheckInLog).
 *
 * <p>A change can take effect before versions already written: the sweep decides "offline" at the
 * deadline, after reports stamped later may have arrived. Such a late change is written at its own
 * moment and carried into the later versions: counts by their difference, other fields until a
 * later version changed that field itself. So the version at T is the envoy the input up to T made.
 *
 * <p>The first version of an envoy that existed before versions did is written when the topology
 * first runs with them, at that moment; the partition records where its versions start
 * ({@link #startedAt}) and an earlier moment is refused, not guessed.
 */
public final class EnvoyVersions {

    /** The key that holds the partition's first moment with versions; no hostname is empty. */
    private static final Bytes START = HostMoments.key("", 0);

    private final KeyValueStore<Bytes, EnvoyState> store;
    private final long horizonMs;

    public EnvoyVersions(KeyValueStore<Bytes, EnvoyState> store, java.time.Duration horizon) {
        this.store = store;
        this.horizonMs = horizon.toMillis();
    }

    /**
     * Starts the versions of a partition: on its first run every envoy already known gets a version
     * at {@code nowMs}, and that moment is where the partition's versions start (a partition with no envoy yet starts at 0).
     */
    public void startFrom(long nowMs, KeyValueIterator<String, EnvoyState> known) {
        long startMs = 0; // a partition with no envoys yet has every version from the start
        try (known) {
            if (horizonMs == 0 || store.get(START) != null) { // history off, or started before
                return;
            }
            while (known.hasNext()) {
                var envoy = known.next();
                store.put(HostMoments.key(envoy.key, nowMs), envoy.value);
                startMs = nowMs;
            }
        }
        store.put(START, EnvoyState.newBuilder().setHostname("").setLastSeenMs(startMs).build());
    }

    /** The first moment this partition has versions for; 0 when none yet. */
    public static long startedAt(ReadOnlyKeyValueStore<Bytes, EnvoyState> store) {
        EnvoyState start = store.get(START);
        return start == null ? 0 : start.getLastSeenMs();
    }

    /** Records the change from {@code before} to {@code after}, which took effect at {@code atMs}. */
    public void record(String host, long atMs, EnvoyState before, EnvoyState after) {
        if (horizonMs == 0 || !significant(before, after)) { // history off, or a check-in's bookkeeping only
            return;
        }
        // One read in the common case: the host's newest version, which a change in order follows.
        KeyValue<Bytes, EnvoyState> newest = latest(store, host, Long.MAX_VALUE - 1);
        boolean late = newest != null && HostMoments.moment(newest.key) > atMs;
        KeyValue<Bytes, EnvoyState> held = late ? latest(store, host, atMs) : newest;
        EnvoyState base = held == null ? null : held.value;
        store.put(HostMoments.key(host, atMs), base == null ? EnvoyState.newBuilder(after).build() : applied(base, before, after, atMs));
        if (late) {
            carryIntoLaterVersions(host, atMs, base, before, after);
        }
        if (HistoryHorizon.trimsNow(host, atMs)) {
            dropOlderThan(host, atMs - horizonMs);
        }
    }

    /** The envoy as it was at {@code atMs}: its newest version at or before then; null before its first. */
    public static EnvoyState asOf(ReadOnlyKeyValueStore<Bytes, EnvoyState> store, String host, long atMs) {
        KeyValue<Bytes, EnvoyState> version = latest(store, host, atMs);
        return version == null ? null : version.value;
    }

    private static KeyValue<Bytes, EnvoyState> latest(ReadOnlyKeyValueStore<Bytes, EnvoyState> store, String host, long atMs) {
        try (KeyValueIterator<Bytes, EnvoyState> it = store.reverseRange(HostMoments.key(host, 0), HostMoments.key(host, atMs))) {
            return it.hasNext() ? it.next() : null;
        }
    }

    /**
     * A late change reaches the versions after it: counts move by the change's difference, and
     * each other field it changed replaces the later versions' value until one of them changed
     * that field itself (compared with the version before it, as it was).
     */
    private void carryIntoLaterVersions(String host, long atMs, EnvoyState base, EnvoyState before, EnvoyState after) {
        List<KeyValue<Bytes, EnvoyState>> later = new ArrayList<>();
        try (KeyValueIterator<Bytes, EnvoyState> it = store.range(HostMoments.key(host, atMs + 1), HostMoments.key(host, Long.MAX_VALUE))) {
            it.forEachRemaining(later::add);
        }
        EnvoyState previous = base;
        boolean carryKnown = true;
        boolean carryOnline = true;
        boolean carryTags = true;
        for (KeyValue<Bytes, EnvoyState> version : later) {
            EnvoyState held = version.value;
            if (previous != null) {
                carryKnown &= held.getKnown() == previous.getKnown();
                carryOnline &= held.getOnline() == previous.getOnline();
                carryTags &= held.getTags().equals(previous.getTags());
            }
            EnvoyState patched = EnvoyState.newBuilder(held).build();
            addCounts(patched, before, after);
            if (carryKnown && before != null && before.getKnown() != after.getKnown()) {
                patched.setKnown(after.getKnown());
            }
            if (carryOnline && (before == null || before.getOnline() != after.getOnline())) {
                patched.setOnline(after.getOnline());
            }
            if (carryTags && (before == null || !before.getTags().equals(after.getTags()))) {
                patched.setTags(after.getTags());
            }
            store.put(version.key, patched);
            previous = held;
        }
    }

    /** {@code base} with the change applied: counts by difference, other fields that changed set to the new value. */
    private static EnvoyState applied(EnvoyState base, EnvoyState before, EnvoyState after, long atMs) {
        EnvoyState version = EnvoyState.newBuilder(base).build();
        addCounts(version, before, after);
        if (before == null || before.getKnown() != after.getKnown()) {
            version.setKnown(after.getKnown());
        }
        if (before == null || before.getOnline() != after.getOnline()) {
            version.setOnline(after.getOnline());
        }
        if (before == null || !before.getTags().equals(after.getTags())) {
            version.setTags(after.getTags());
        }
        // What the latest check-in set, when that check-in is not newer than this moment (a late
        // report's "after" may hold a later check-in, which its own version has).
        if (after.getLastSeenMs() <= atMs) {
            version.setLastSeenMs(after.getLastSeenMs());
            version.setIntervalMs(after.getIntervalMs());
            version.setAgentVersion(after.getAgentVersion());
            version.setSwarmEnabled(after.getSwarmEnabled());
            version.setClockSkewMs(after.getClockSkewMs());
            version.setCheckInEpoch(after.getCheckInEpoch());
            version.setCheckInSequence(after.getCheckInSequence());
            version.setDeadlineMs(after.getDeadlineMs());
        }
        return version;
    }

    private static void addCounts(EnvoyState version, EnvoyState before, EnvoyState after) {
        version.setCached(version.getCached() + after.getCached() - (before == null ? 0 : before.getCached()));
        version.setDownloading(version.getDownloading() + after.getDownloading() - (before == null ? 0 : before.getDownloading()));
        version.setFootprintBytes(version.getFootprintBytes() + after.getFootprintBytes() - (before == null ? 0 : before.getFootprintBytes()));
        version.setSeeding(version.getSeeding() + after.getSeeding() - (before == null ? 0 : before.getSeeding()));
    }

    /** Whether the change is more than a check-in's bookkeeping (last seen, clock skew, sequence, deadline). */
    static boolean significant(EnvoyState before, EnvoyState after) {
        if (before == null) {
            return true;
        }
        return before.getKnown() != after.getKnown()
                || before.getOnline() != after.getOnline()
                || (before.getLastSeenMs() == 0) != (after.getLastSeenMs() == 0)
                || before.getIntervalMs() != after.getIntervalMs()
                || !Objects.equals(before.getAgentVersion(), after.getAgentVersion())
                || before.getSwarmEnabled() != after.getSwarmEnabled()
                || !before.getTags().equals(after.getTags())
                || before.getCached() != after.getCached()
                || before.getDownloading() != after.getDownloading()
                || before.getFootprintBytes() != after.getFootprintBytes()
                || before.getSeeding() != after.getSeeding();
    }

    /** Drops the host's versions older than the cutoff except the newest of them, which holds the envoy at the cutoff. */
    private void dropOlderThan(String host, long cutoffMs) {
        if (cutoffMs <= 0) {
            return;
        }
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, EnvoyState> it = store.range(HostMoments.key(host, 0), HostMoments.key(host, cutoffMs - 1))) {
            it.forEachRemaining(version -> old.add(version.key));
        }
        if (!old.isEmpty()) {
            old.remove(old.size() - 1);
        }
        old.forEach(store::delete);
    }


}
