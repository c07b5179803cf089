package io.vigo.swarm.streams.history;

import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.HostMoment;
import io.vigo.swarm.streams.state.RecordChange;
import io.vigo.swarm.streams.state.RecordKind;
import io.vigo.swarm.streams.state.TimelineEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every envoy's history in one store (SPEC §12: {@code swarm peers --at}, {@code envoys show
 * --at}, {@code envoys history}): one key per host and moment, {@code hostname, 0x00, moment}
 * (big-endian, so one host's moments sort by time and are read with one range), and one value
 * with everything about the envoy that changed in that millisecond ({@link StoredMoment}: the
 * envoy's version, encoded apart, and a {@link HostMoment}):
 * <ul>
 * <li>the envoy from that moment on, when a field of its row changed (status, first check-in,
 * decommission, interval, agent, tags, counts) — a check-in that changes nothing but last seen
 * adds nothing: its times are in the {@code checkins} topic (the query side's CheckInLog);</li>
 * <li>the records its detail lists (peer records, download progress included, seeds, seed
 * problems, tasks) as they became, or null once removed;</li>
 * <li>its timeline's entries (online, offline, blobs gained and lost, downloads, seeds, tags,
 * tasks, decommission), at most {@value #MAX_TIMELINE_PER_MOMENT} a moment and the rest counted.</li>
 * </ul>
 * Writers gather one event's changes and {@link #flush} writes each host's moment once: an event
 * that changes ten records and the envoy's counts is one read and one write, not one per record.
 *
 * <p>A change can take effect before moments already written: the sweep decides "offline" at the
 * deadline after reports stamped later may have arrived; a report can be stamped before one
 * processed earlier. Such a late change is written at its own moment and reaches the later ones,
 * as it did in the live view: the envoy's counts move by the change's difference and its other
 * fields take the new value until a later version changed that field itself; a record's later
 * versions are dropped (the late one wins from its moment). So the host as of T is what the input
 * up to T made it.
 *
 * <p>About one change of a host in 64 ({@link HistoryHorizon#trimsNow}) folds what is older than
 * the horizon into one moment: the envoy then and the records it still held; the timeline's
 * older entries go. The partition records where its history starts ({@link #startedAt}); an
 * envoy that existed before history did gets its first moment when the topology first runs with it.
 */
public final class HostHistory {

    /** Timeline entries kept per host and millisecond (a resync can change thousands of records); more are counted. */
    public static final int MAX_TIMELINE_PER_MOMENT = 50;

    /** The key that holds the partition's first moment with history; no hostname is empty. */
    private static final Bytes START = HostMoments.key("", 0);

    private final KeyValueStore<Bytes, StoredMoment> store;
    private final long horizonMs;
    /** Each host's newest moment as far as this instance wrote or read it, so that a change in order reads nothing first. */
    private final NewestMoments newest = new NewestMoments();
    /**
     * This event's (or punctuation's) changes by host and moment, in the order they were made, until
     * {@link #flush}. Replaced, not cleared, after a
     * large flush: a map's {@code clear()} walks its whole table, and after the sweep turned a
     * whole fleet offline in one punctuation, a table grown to that size was walked on every event.
     */
    private Map<Bytes, Pending> pending = new LinkedHashMap<>();
    private static final int PENDING_KEPT = 64;

    public HostHistory(KeyValueStore<Bytes, StoredMoment> store, Duration horizon) {
        this.store = store;
        this.horizonMs = horizon.toMillis();
    }

    /** One host's changes at one moment, gathered during an event. */
    private static final class Pending {
        final String host;
        final long atMs;
        EnvoyState before;
        EnvoyState after;
        boolean envoyChanged;
        final Map<String, RecordChange> records = new LinkedHashMap<>();
        final List<TimelineEntry> timeline = new ArrayList<>();

        Pending(String host, long atMs) {
            this.host = host;
            this.atMs = atMs;
        }
    }

    // ---- writing: gather, then flush once per event ----

    /** The envoy changed from {@code before} (null: new) to {@code after} at {@code atMs}. */
    public void envoyChanged(String host, long atMs, EnvoyState before, EnvoyState after) {
        if (horizonMs == 0 || !significant(before, after)) { // history off, or a check-in's bookkeeping only
            return;
        }
        Pending changes = pending(host, atMs);
        if (!changes.envoyChanged) {
            changes.before = before;
            changes.envoyChanged = true;
        }
        changes.after = EnvoyState.newBuilder(after).build(); // a caller may go on changing its copy
    }

    /** The host's record {@code subject} of {@code kind} became {@code value} (null: removed) at {@code atMs}. */
    public void record(String host, RecordKind kind, String subject, SpecificRecord value, long atMs) {
        if (horizonMs == 0) {
            return;
        }
        RecordChange change = new RecordChange(kind, subject, value);
        pending(host, atMs).records.put(id(change), change);
    }

    /** One entry of the host's timeline at {@code atMs}. */
    public void note(String host, long atMs, String kind, String subject, String detail) {
        notes(host, atMs, List.of(new TimelineEntry(kind, subject == null ? "" : subject, detail == null ? "" : detail)));
    }

    public void note(String host, long atMs, String kind) {
        note(host, atMs, kind, "", "");
    }

    /** Entries of the host's timeline at {@code atMs}, in the order they happened. */
    public void notes(String host, long atMs, List<TimelineEntry> entries) {
        if (horizonMs == 0 || entries.isEmpty()) {
            return;
        }
        pending(host, atMs).timeline.addAll(entries);
    }

    /** Writes the gathered changes: one moment per host and millisecond. Call at the end of every event and punctuation. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            pending.values().forEach(this::write);
        } finally {
            if (pending.size() > PENDING_KEPT) {
                pending = new LinkedHashMap<>();
            } else {
                pending.clear();
            }
        }
    }

    private Pending pending(String host, long atMs) {
        return pending.computeIfAbsent(HostMoments.key(host, atMs), key -> new Pending(host, atMs));
    }

    private void write(Pending changes) {
        Bytes key = HostMoments.key(changes.host, changes.atMs);
        // No read in the common case: the memo says the host's newest entry is older than this change.
        long newestMs = newest.get(changes.host);
        if (newestMs == NewestMoments.UNKNOWN) {
            newestMs = newestMoment(store, changes.host);
        }
        boolean late = newestMs > changes.atMs;
        StoredMoment held = newestMs >= changes.atMs ? store.get(key) : null;
        EnvoyState envoy = held == null ? null : held.envoy();
        HostMoment moment = held == null ? StoredMoment.emptyRest() : held.rest();

        EnvoyState base = null;
        if (changes.envoyChanged) {
            if (!late && held == null && changes.after.getLastSeenMs() <= changes.atMs) {
                // In order, the version before this one is the envoy the view held before the change
                // (every change of a versioned field wrote one), so the new version is the view's.
                envoy = changes.after;
            } else {
                base = envoy != null ? envoy : envoyAsOf(store, changes.host, changes.atMs - 1);
                envoy = base == null ? changes.after : applied(base, changes.before, changes.after, changes.atMs);
            }
        }
        if (!changes.records.isEmpty()) {
            Map<String, RecordChange> records = new LinkedHashMap<>();
            moment.getRecords().forEach(record -> records.put(id(record), record));
            changes.records.forEach((id, record) -> {
                records.remove(id); // the newest change of a record is listed last
                records.put(id, record);
            });
            moment.setRecords(new ArrayList<>(records.values()));
        }
        List<TimelineEntry> timeline = new ArrayList<>(moment.getTimeline());
        int more = moment.getMore();
        for (TimelineEntry entry : changes.timeline) {
            if (timeline.size() < MAX_TIMELINE_PER_MOMENT) {
                timeline.add(entry);
            } else {
                more++;
            }
        }
        moment.setTimeline(timeline);
        moment.setMore(more);
        newest.raise(changes.host, Math.max(newestMs, changes.atMs)); // before the write: if it fails, the memo is only late
        store.put(key, StoredMoment.of(envoy, moment));

        if (late) {
            reachLaterMoments(changes, base);
        }
        if (HistoryHorizon.trimsNow(changes.host, changes.atMs)) {
            foldOlderThan(changes.host, changes.atMs - horizonMs);
        }
    }

    /**
     * A late change reaches the moments after it: the envoy's counts move by the change's
     * difference, each other field it changed replaces the later versions' value until one of them
     * changed that field itself (compared with the version before it, as it was); the records it
     * changed lose their later versions.
     */
    private void reachLaterMoments(Pending changes, EnvoyState base) {
        List<KeyValue<Bytes, StoredMoment>> later = new ArrayList<>();
        try (KeyValueIterator<Bytes, StoredMoment> it = store.range(HostMoments.key(changes.host, changes.atMs + 1),
                HostMoments.key(changes.host, Long.MAX_VALUE))) {
            it.forEachRemaining(later::add);
        }
        EnvoyState before = changes.before;
        EnvoyState after = changes.after;
        EnvoyState previous = base;
        boolean carryKnown = true;
        boolean carryOnline = true;
        boolean carryTags = true;
        for (KeyValue<Bytes, StoredMoment> version : later) {
            EnvoyState held = version.value.envoy();
            EnvoyState envoy = held;
            HostMoment moment = version.value.rest();
            boolean changed = false;
            if (changes.envoyChanged && held != null) {
                if (previous != null) {
                    carryKnown &= held.getKnown() == previous.getKnown();
                    carryOnline &= held.getOnline() == previous.getOnline();
                    carryTags &= held.getTags().equals(previous.getTags());
                }
                envoy = EnvoyState.newBuilder(held).build();
                addCounts(envoy, before, after);
                if (carryKnown && before != null && before.getKnown() != after.getKnown()) {
                    envoy.setKnown(after.getKnown());
                }
                if (carryOnline && (before == null || before.getOnline() != after.getOnline())) {
                    envoy.setOnline(after.getOnline());
                }
                if (carryTags && (before == null || !before.getTags().equals(after.getTags()))) {
                    envoy.setTags(after.getTags());
                }
                previous = held;
                changed = true;
            }
            List<RecordChange> records = new ArrayList<>(moment.getRecords());
            if (records.removeIf(record -> changes.records.containsKey(id(record)))) {
                moment.setRecords(records);
                changed = true;
            }
            if (changed) {
                putOrDelete(version.key, envoy, moment);
            }
        }
    }

    /** The host's moments older than the cutoff become one: the envoy then, and the records it still held. */
    private void foldOlderThan(String host, long cutoffMs) {
        if (cutoffMs <= 0) {
            return;
        }
        List<KeyValue<Bytes, StoredMoment>> older = new ArrayList<>();
        try (KeyValueIterator<Bytes, StoredMoment> it = store.range(HostMoments.key(host, 0), HostMoments.key(host, cutoffMs - 1))) {
            it.forEachRemaining(older::add);
        }
        if (older.isEmpty()) {
            return;
        }
        EnvoyState envoy = null;
        Map<String, RecordChange> records = new LinkedHashMap<>();
        boolean timelines = false;
        for (KeyValue<Bytes, StoredMoment> entry : older) {
            EnvoyState version = entry.value.envoy();
            envoy = version != null ? version : envoy;
            HostMoment moment = entry.value.rest();
            timelines |= !moment.getTimeline().isEmpty() || moment.getMore() > 0;
            moment.getRecords().forEach(record -> {
                records.remove(id(record));
                records.put(id(record), record);
            });
        }
        if (older.size() == 1 && !timelines) {
            return; // already folded
        }
        records.values().removeIf(record -> record.getValue() == null);
        Bytes last = older.get(older.size() - 1).key;
        older.stream().map(entry -> entry.key).filter(key -> !key.equals(last)).forEach(store::delete);
        putOrDelete(last, envoy, new HostMoment(new ArrayList<>(records.values()), new ArrayList<>(), 0));
    }

    private void putOrDelete(Bytes key, EnvoyState envoy, HostMoment moment) {
        if (envoy == null && moment.getRecords().isEmpty() && moment.getTimeline().isEmpty() && moment.getMore() == 0) {
            store.delete(key);
        } else {
            store.put(key, StoredMoment.of(envoy, moment));
        }
    }

    /**
     * Starts the history of a partition: on its first run every envoy already known, with the
     * records it holds, gets a moment at {@code nowMs}, where the partition's history starts (a
     * partition with no envoy yet starts at 0, so it has everything).
     */
    public void startFrom(long nowMs, KeyValueIterator<String, EnvoyState> known, Map<RecordKind, KeyValueIterator<String, ? extends SpecificRecord>> held) {
        try (known) {
            if (horizonMs == 0 || store.get(START) != null) { // history off, or started before
                return;
            }
            newest.clear(); // every known envoy gets a moment below, written around the memo
            long startMs = 0;
            while (known.hasNext()) {
                var envoy = known.next();
                store.put(HostMoments.key(envoy.key, nowMs), StoredMoment.of(envoy.value, StoredMoment.emptyRest()));
                startMs = nowMs;
            }
            held.forEach((kind, ofKind) -> ofKind.forEachRemaining(record -> {
                int bar = record.key.indexOf('|'); // "host|subject"
                Bytes key = HostMoments.key(record.key.substring(0, bar), nowMs);
                StoredMoment stored = store.get(key);
                if (stored != null) { // a record of an envoy the partition knows
                    HostMoment moment = stored.rest();
                    List<RecordChange> records = new ArrayList<>(moment.getRecords());
                    records.add(new RecordChange(kind, record.key.substring(bar + 1), record.value));
                    moment.setRecords(records);
                    store.put(key, StoredMoment.of(stored.envoy(), moment));
                }
            }));
            store.put(START, StoredMoment.of(EnvoyState.newBuilder().setHostname("").setLastSeenMs(startMs).build(), StoredMoment.emptyRest()));
        } finally {
            held.values().forEach(KeyValueIterator::close);
        }
    }

    // ---- reading ----

    /** The first moment this partition has history for; 0 when it has everything. */
    public static long startedAt(ReadOnlyKeyValueStore<Bytes, StoredMoment> store) {
        StoredMoment start = store.get(START);
        EnvoyState marker = start == null ? null : start.envoy();
        return marker == null ? 0 : marker.getLastSeenMs();
    }

    /** The envoy as it was at {@code atMs}: its newest version at or before then; null before its first. */
    public static EnvoyState envoyAsOf(ReadOnlyKeyValueStore<Bytes, StoredMoment> store, String host, long atMs) {
        if (atMs < 0) {
            return null;
        }
        try (KeyValueIterator<Bytes, StoredMoment> it = store.reverseRange(HostMoments.key(host, 0), HostMoments.key(host, atMs))) {
            while (it.hasNext()) {
                EnvoyState envoy = it.next().value.envoy();
                if (envoy != null) {
                    return envoy;
                }
            }
        }
        return null;
    }

    /**
     * Every envoy of the partition as it was at {@code atMs} (those with a version by then), in
     * hostname order, from one forward pass over the partition's history: a reverse seek per host
     * costs more than stepping over the entries once while a host has few dozen of them (at
     * 100,000 envoys the seeks took 3.7 s p99 for a page). Versions are decoded only for the
     * envoys given out; each names its host.
     */
    public static void envoysAsOf(ReadOnlyKeyValueStore<Bytes, StoredMoment> store, long atMs, java.util.function.Consumer<EnvoyState> each) {
        try (KeyValueIterator<Bytes, StoredMoment> it = store.all()) {
            byte[] host = null; // the current host's key bytes
            StoredMoment version = null;
            while (it.hasNext()) {
                KeyValue<Bytes, StoredMoment> entry = it.next();
                byte[] key = entry.key.get();
                if (!HostMoments.sameHost(key, host)) {
                    if (version != null) {
                        each.accept(version.envoy());
                    }
                    host = key;
                    version = null;
                }
                if (HostMoments.moment(entry.key) <= atMs && entry.value.hasEnvoy() && !HostMoments.isStart(key)) {
                    version = entry.value;
                }
            }
            if (version != null) {
                each.accept(version.envoy());
            }
        }
    }

    /** The host's records as of {@code atMs}, by kind, subject in order. */
    public static Map<RecordKind, Map<String, SpecificRecord>> recordsAsOf(ReadOnlyKeyValueStore<Bytes, StoredMoment> store, String host, long atMs) {
        Map<RecordKind, Map<String, SpecificRecord>> records = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            records.put(kind, new TreeMap<>());
        }
        try (KeyValueIterator<Bytes, StoredMoment> it = store.range(HostMoments.key(host, 0), HostMoments.key(host, atMs))) {
            while (it.hasNext()) {
                for (RecordChange change : it.next().value.rest().getRecords()) {
                    Map<String, SpecificRecord> ofKind = records.get(change.getKind());
                    if (change.getValue() == null) {
                        ofKind.remove(change.getSubject());
                    } else {
                        ofKind.put(change.getSubject(), (SpecificRecord) change.getValue());
                    }
                }
            }
        }
        return records;
    }

    /** One entry of a timeline read back: its moment and the change. */
    public record Change(long atMs, String kind, String subject, String detail) {
    }

    /** The host's changes from {@code fromMs} to {@code toMs}, oldest first, and how many were only counted. */
    public record Timeline(List<Change> changes, long more) {
    }

    public static Timeline timeline(ReadOnlyKeyValueStore<Bytes, StoredMoment> store, String host, long fromMs, long toMs) {
        List<Change> changes = new ArrayList<>();
        long more = 0;
        try (KeyValueIterator<Bytes, StoredMoment> it = store.range(HostMoments.key(host, fromMs), HostMoments.key(host, toMs))) {
            while (it.hasNext()) {
                KeyValue<Bytes, StoredMoment> entry = it.next();
                long at = HostMoments.moment(entry.key);
                HostMoment moment = entry.value.rest();
                for (TimelineEntry change : moment.getTimeline()) {
                    changes.add(new Change(at, change.getKind(), change.getSubject(), change.getDetail()));
                }
                more += moment.getMore();
            }
        }
        return new Timeline(changes, more);
    }

    /** The moment of the host's newest entry, -1 when it has none; its value is not read. */
    private static long newestMoment(ReadOnlyKeyValueStore<Bytes, StoredMoment> store, String host) {
        try (KeyValueIterator<Bytes, StoredMoment> it = store.reverseRange(HostMoments.key(host, 0), HostMoments.key(host, Long.MAX_VALUE - 1))) {
            return it.hasNext() ? HostMoments.moment(it.peekNextKey()) : -1;
        }
    }

    private static String id(RecordChange change) {
        return change.getKind().ordinal() + "|" + change.getSubject();
    }

    // ---- the envoy's versions ----

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
}
