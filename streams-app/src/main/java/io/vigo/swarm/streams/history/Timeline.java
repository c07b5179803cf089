package io.vigo.swarm.streams.history;

import io.vigo.swarm.streams.state.TimelineEntry;
import io.vigo.swarm.streams.state.TimelineMoment;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every envoy's changes in time order (SPEC §12 timelines), on the envoy's own partition: key
 * {@code hostname, 0x00, moment} (big-endian, so one host's changes sort by time and are read with
 * one range), value the changes of that millisecond. Only changes are written — a check-in that
 * changes nothing adds nothing — and a resync that changes thousands of records at once keeps its
 * first {@value #MAX_PER_MOMENT} and counts the rest. When a host's timeline grows, what it holds
 * beyond the horizon is dropped (a host that stops changing keeps its last changes).
 */
public final class Timeline {

    /** Changes kept per host and millisecond; more are counted. */
    public static final int MAX_PER_MOMENT = 50;

    private final KeyValueStore<Bytes, TimelineMoment> store;
    private final long horizonMs;

    public Timeline(KeyValueStore<Bytes, TimelineMoment> store, java.time.Duration horizon) {
        this.store = store;
        this.horizonMs = horizon.toMillis();
    }

    /** Adds one change to the host's timeline at the moment it took effect. */
    public void add(String host, long atMs, String kind, String subject, String detail) {
        addAll(host, atMs, List.of(new TimelineEntry(kind, subject == null ? "" : subject, detail == null ? "" : detail)));
    }

    public void add(String host, long atMs, String kind) {
        add(host, atMs, kind, "", "");
    }

    /** Adds changes that took effect at one moment (a resync's), with one read and one write. */
    public void addAll(String host, long atMs, List<TimelineEntry> changes) {
        if (horizonMs == 0 || changes.isEmpty()) { // history off, or nothing changed
            return;
        }
        Bytes key = HostMoments.key(host, atMs);
        TimelineMoment held = store.get(key);
        List<TimelineEntry> entries = new ArrayList<>(held == null ? List.of() : held.getEntries());
        int more = held == null ? 0 : held.getMore();
        for (TimelineEntry change : changes) {
            if (entries.size() < MAX_PER_MOMENT) {
                entries.add(change);
            } else {
                more++;
            }
        }
        store.put(key, new TimelineMoment(entries, more));
        if (HistoryHorizon.trimsNow(host, atMs)) {
            dropOlderThan(host, atMs - horizonMs);
        }
    }


    /** One entry of a timeline read back: its moment and the change. */
    public record Change(long atMs, String kind, String subject, String detail) {
    }

    /** The host's changes from {@code fromMs} to {@code toMs}, oldest first, and how many were only counted. */
    public record Read(List<Change> changes, long more) {
    }

    public static Read read(ReadOnlyKeyValueStore<Bytes, TimelineMoment> store, String host, long fromMs, long toMs) {
        List<Change> changes = new ArrayList<>();
        long more = 0;
        try (KeyValueIterator<Bytes, TimelineMoment> it = store.range(HostMoments.key(host, fromMs), HostMoments.key(host, toMs))) {
            while (it.hasNext()) {
                KeyValue<Bytes, TimelineMoment> moment = it.next();
                long at = HostMoments.moment(moment.key);
                for (TimelineEntry entry : moment.value.getEntries()) {
                    changes.add(new Change(at, entry.getKind(), entry.getSubject(), entry.getDetail()));
                }
                more += moment.value.getMore();
            }
        }
        return new Read(changes, more);
    }

    private void dropOlderThan(String host, long cutoffMs) {
        if (cutoffMs <= 0) {
            return;
        }
        List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, TimelineMoment> it = store.range(HostMoments.key(host, 0), HostMoments.key(host, cutoffMs - 1))) {
            it.forEachRemaining(e -> old.add(e.key));
        }
        old.forEach(store::delete);
    }


}
