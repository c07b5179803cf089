package io.vigo.swarm.streams.history;

import io.vigo.swarm.streams.state.RecordVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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
 * The manifest entries as they were at any moment (SPEC §12, {@code swarm filecast show --at}):
 * every change of an entry, key {@code sha, 0x00, moment, kind, subject} (kind {@link Kind#ENTRY},
 * no subject), so one entry's changes sort by time and an entry as of T is one range read folded
 * in order. Value: the entry from that moment on, or none once gone. (An envoy's records are kept
 * with the rest of its history, one entry per moment: see {@link HostHistory}.)
 *
 * <p>A change stamped before changes already written (one that came late) wins from its moment
 * on, as it did in the view: the later versions are dropped. About one change in 64
 * ({@link HistoryHorizon#trimsNow}) also folds what is older than the horizon into one version at
 * moment 0.
 */
public final class RecordVersions {

    /**
     * What a version is of; the byte is part of the key on disk. Only {@link #ENTRY} is written now;
     * the first four ids were envoys' records, before those moved to {@link HostHistory}, and stay
     * reserved so that keys keep their meaning.
     */
    public enum Kind {
        PEER, SEED, PROBLEM, TASK,
        /** A manifest entry: owner the sha, no subject. */
        ENTRY;

        byte id() {
            return (byte) ordinal();
        }
    }

    /** Marks a partition whose records were given versions (see {@link #startFrom}); no hostname is empty. */
    private static final Bytes STARTED = key("", 0, Kind.PEER, "");

    private final KeyValueStore<Bytes, RecordVersion> store;
    private final long horizonMs;

    public RecordVersions(KeyValueStore<Bytes, RecordVersion> store, java.time.Duration horizon) {
        this.store = store;
        this.horizonMs = horizon.toMillis();
    }

    /**
     * On a partition's first run with versions, every record it already holds gets a version at
     * moment 0 (from the start of its history: an earlier moment is refused by the envoys' versions).
     */
    public <V extends SpecificRecord> void startFrom(Kind kind, KeyValueIterator<String, V> held) {
        try (held) {
            if (horizonMs == 0 || store.get(STARTED) != null) { // history off, or started before
                return;
            }
            held.forEachRemaining(record -> {
                int bar = record.key.indexOf('|'); // "host|subject", or a sha alone
                String owner = bar < 0 ? record.key : record.key.substring(0, bar);
                String subject = bar < 0 ? "" : record.key.substring(bar + 1);
                store.put(key(owner, 0, kind, subject), new RecordVersion(record.value));
            });
        }
    }

    /** Called once every kind has been started: later runs start nothing. */
    public void started() {
        if (horizonMs == 0) {
            return;
        }
        store.put(STARTED, new RecordVersion(null));
    }

    /** Records that the host's record {@code subject} of {@code kind} became {@code value} (null: removed) at {@code atMs}. */
    public void record(String host, Kind kind, String subject, SpecificRecord value, long atMs) {
        if (horizonMs == 0) {
            return; // history off
        }
        store.put(key(host, atMs, kind, subject), new RecordVersion(value));
        dropLaterVersions(host, atMs, kind, subject);
        if (HistoryHorizon.trimsNow(host, atMs)) {
            foldOlderThan(host, atMs - horizonMs);
        }
    }

    /** The host's records as of {@code atMs}, by kind, subject in order. */
    public static Map<Kind, Map<String, SpecificRecord>> asOf(ReadOnlyKeyValueStore<Bytes, RecordVersion> store, String host, long atMs) {
        Map<Kind, Map<String, SpecificRecord>> records = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            records.put(kind, new TreeMap<>());
        }
        try (KeyValueIterator<Bytes, RecordVersion> it = store.range(key(host, 0, Kind.PEER, ""), end(host, atMs))) {
            while (it.hasNext()) {
                KeyValue<Bytes, RecordVersion> version = it.next();
                Parsed parsed = parse(version.key, host);
                Map<String, SpecificRecord> ofKind = records.get(parsed.kind);
                if (version.value.getValue() == null) {
                    ofKind.remove(parsed.subject);
                } else {
                    ofKind.put(parsed.subject, (SpecificRecord) version.value.getValue());
                }
            }
        }
        return records;
    }

    /** A late change wins from its moment: the same record's versions after it go. Nothing to read when changes come in order. */
    private void dropLaterVersions(String host, long atMs, Kind kind, String subject) {
        if (atMs == Long.MAX_VALUE) {
            return;
        }
        List<Bytes> superseded = new ArrayList<>();
        try (KeyValueIterator<Bytes, RecordVersion> it = store.range(key(host, atMs + 1, Kind.PEER, ""), end(host, Long.MAX_VALUE - 1))) {
            while (it.hasNext()) {
                Bytes key = it.next().key;
                Parsed parsed = parse(key, host);
                if (parsed.kind == kind && parsed.subject.equals(subject)) {
                    superseded.add(key);
                }
            }
        }
        superseded.forEach(store::delete);
    }

    /** Versions older than the cutoff become one per record at moment 0 (removed ones vanish). */
    private void foldOlderThan(String host, long cutoffMs) {
        if (cutoffMs <= 0) {
            return;
        }
        Map<String, KeyValue<Bytes, RecordVersion>> latest = new HashMap<>();
        List<Bytes> older = new ArrayList<>();
        try (KeyValueIterator<Bytes, RecordVersion> it = store.range(key(host, 0, Kind.PEER, ""), end(host, cutoffMs - 1))) {
            while (it.hasNext()) {
                KeyValue<Bytes, RecordVersion> version = it.next();
                Parsed parsed = parse(version.key, host);
                latest.put(parsed.kind.id() + "|" + parsed.subject, version);
                older.add(version.key);
            }
        }
        for (Bytes key : older) {
            Parsed parsed = parse(key, host);
            KeyValue<Bytes, RecordVersion> kept = latest.get(parsed.kind.id() + "|" + parsed.subject);
            if (parsed.atMs == 0 && kept.key.equals(key) && kept.value.getValue() != null) {
                continue; // already the folded version
            }
            store.delete(key);
            if (kept.key.equals(key) && kept.value.getValue() != null) {
                store.put(key(host, 0, parsed.kind, parsed.subject), kept.value);
            }
        }
    }

    private record Parsed(long atMs, Kind kind, String subject) {
    }

    private static Parsed parse(Bytes key, String host) {
        byte[] bytes = key.get();
        int at = host.getBytes(StandardCharsets.UTF_8).length + 1;
        long moment = ByteBuffer.wrap(bytes, at, Long.BYTES).getLong();
        Kind kind = Kind.values()[bytes[at + Long.BYTES]];
        int subjectAt = at + Long.BYTES + 1;
        return new Parsed(moment, kind, new String(bytes, subjectAt, bytes.length - subjectAt, StandardCharsets.UTF_8));
    }

    static Bytes key(String host, long atMs, Kind kind, String subject) {
        byte[] name = host.getBytes(StandardCharsets.UTF_8);
        byte[] sub = Objects.requireNonNull(subject).getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(name.length + 1 + Long.BYTES + 1 + sub.length)
                .put(name).put((byte) 0).putLong(Math.max(0, atMs)).put(kind.id()).put(sub).array());
    }

    /** Above every key of the host up to {@code atMs} and below every later one. */
    private static Bytes end(String host, long atMs) {
        byte[] name = host.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(name.length + 1 + Long.BYTES).put(name).put((byte) 0).putLong(atMs + 1).array());
    }
}
