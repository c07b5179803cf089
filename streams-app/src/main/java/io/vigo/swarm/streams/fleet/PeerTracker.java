package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.rules.EventRules;
import io.vigo.swarm.streams.history.BlobHistory;
import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.PeerHolding;
import io.vigo.swarm.streams.state.RecordKind;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.streams.state.TimelineEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * PeerTracker: what each envoy holds ("host|sha" → cached or downloading, and bytes), with the
 * envoy's cached, downloading and footprint counts kept in step with every change.
 */
final class PeerTracker {

    private final KeyValueStore<String, PeerHolding> peers;

    private final HostHistory history;
    private final BlobHistory blobs;

    PeerTracker(ProcessorContext<?, ?> context, HostHistory history, BlobHistory blobs) {
        this.history = history;
        this.blobs = blobs;
        this.peers = context.getStateStore(StoreNames.PEER_RECORDS);
    }

    static PeerHolding holding(PeerRecordUpdated event) {
        EventRules.sha(event.getSha());
        EventRules.peer(event.getState(), event.getBytes());
        return new PeerHolding(event.getState() == PeerState.CACHED, event.getBytes());
    }

    /** A resync's peer list, validated whole before anything is applied. */
    static Map<String, PeerHolding> holdings(List<PeerEntry> entries) {
        Map<String, PeerHolding> incoming = new LinkedHashMap<>();
        for (PeerEntry entry : entries) {
            EventRules.sha(entry.getSha());
            EventRules.peer(entry.getState(), entry.getBytes());
            incoming.put(entry.getSha(), new PeerHolding(entry.getState() == PeerState.CACHED, entry.getBytes()));
        }
        return incoming;
    }

    /** Sets (or, with null, removes) one peer record, keeps the envoy's counts in step, and tells its timeline. */
    void put(EnvoyState envoy, String sha, PeerHolding holding, long ts) {
        List<TimelineEntry> changes = new ArrayList<>(1);
        set(envoy, sha, peers.get(Keys.pair(envoy.getHostname(), sha)), holding, ts, changes);
        history.notes(envoy.getHostname(), ts, changes);
    }

    /**
     * Sets one peer record, held as {@code old} until now (null: none); its change, if the timeline
     * names one, is added to {@code changes}.
     */
    private void set(EnvoyState envoy, String sha, PeerHolding old, PeerHolding holding, long ts, List<TimelineEntry> changes) {
        String storeKey = Keys.pair(envoy.getHostname(), sha);
        if (old == null ? holding == null : old.equals(holding)) {
            return;
        }
        String change = change(old, holding);
        if (change != null) {
            changes.add(new TimelineEntry(change, sha, holding != null && holding.getCached() ? String.valueOf(holding.getBytes()) : ""));
        }
        blobs.add(sha, ts, holds(holding) - holds(old), downloads(holding) - downloads(old));
        count(envoy, old, -1);
        count(envoy, holding, +1);
        if (holding == null) {
            peers.delete(storeKey);
        } else {
            peers.put(storeKey, holding);
        }
        history.record(envoy.getHostname(), RecordKind.PEER, sha, holding, ts);
    }

    /**
     * The envoy's peer records within {@code range} become exactly {@code incoming}: records it no
     * longer holds are removed. One scan reads every record the envoy holds, so a resync of N
     * records reads the store once, not once per record (a join's records are all new).
     */
    void replaceRange(EnvoyState envoy, ShaRange range, Map<String, PeerHolding> incoming, long ts) {
        List<TimelineEntry> changes = new ArrayList<>();
        Map<String, PeerHolding> held = Keys.bySecond(peers, envoy.getHostname());
        held.forEach((sha, old) -> {
            if (range.contains(sha) && !incoming.containsKey(sha)) {
                set(envoy, sha, old, null, ts, changes);
            }
        });
        incoming.forEach((sha, holding) -> set(envoy, sha, held.get(sha), holding, ts, changes));
        history.notes(envoy.getHostname(), ts, changes);
    }

    /**
     * The timeline's name for a peer record's change: a blob gained ({@code cached}) or lost
     * ({@code evicted}), a download started, finished or abandoned; null for progress of a download.
     */
    private static String change(PeerHolding old, PeerHolding holding) {
        if (holding == null) {
            return old.getCached() ? "evicted" : "download-abandoned";
        }
        if (holding.getCached()) {
            return old == null ? "cached" : old.getCached() ? "cached" : "download-finished";
        }
        if (old == null) {
            return "download-started";
        }
        return old.getCached() ? "download-started" : null;
    }

    private static int holds(PeerHolding holding) {
        return holding != null && holding.getCached() ? 1 : 0;
    }

    private static int downloads(PeerHolding holding) {
        return holding != null && !holding.getCached() ? 1 : 0;
    }

    private static void count(EnvoyState envoy, PeerHolding holding, int sign) {
        if (holding == null) {
            return;
        }
        if (holding.getCached()) {
            envoy.setCached(envoy.getCached() + sign);
            envoy.setFootprintBytes(envoy.getFootprintBytes() + sign * holding.getBytes());
        } else {
            envoy.setDownloading(envoy.getDownloading() + sign);
        }
    }
}
