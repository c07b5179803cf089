package io.vigo.swarm.bench;

import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The benchmark's virtual fleet, published through the agents' own {@link EnvoyPublisher}. The
 * workload (BENCHMARKS.md states it): every envoy checks in every 15 s, holds about 10 blobs out of
 * 11 slots, and on every 5th check-in (0.2 per interval, staggered across envoys) flips one slot: a blob evicted
 * (PeerRecordRemoved) or cached (PeerRecordUpdated). Each envoy publishes one CacheResync when it
 * joins. Blobs come from a shared pool, so envoys hold the same blobs as a real fleet does.
 */
final class BenchFleet {

    static final long INTERVAL_MS = 15_000;
    /** Events per check-in on average: the check-in, and a peer-record change on every 5th. */
    static final double EVENTS_PER_CHECK_IN = 1.2;
    static final int SLOTS = 11;
    static final int INITIAL_BLOBS = 10;
    private static final int POOL = 4096;
    private static final String[] POOL_SHAS = new String[POOL];
    private static final long[] POOL_SIZES = new long[POOL];

    static {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (int k = 0; k < POOL; k++) {
                POOL_SHAS[k] = HexFormat.of().formatHex(sha256.digest(("bench-blob-" + k).getBytes(StandardCharsets.UTF_8)));
                POOL_SIZES[k] = 1_000_000L + (k * 7_919L % 200) * 1_000_000L;
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private final EnvoyPublisher publisher;
    private final int size;
    private final long epoch = System.currentTimeMillis();
    private final long[] checkInSequence;
    private final long[] reportSequence;
    private final int[] held; // bit s: slot s held
    private int cursor;

    BenchFleet(EnvoyPublisher publisher, int size) {
        this.publisher = publisher;
        this.size = size;
        this.checkInSequence = new long[size];
        this.reportSequence = new long[size];
        this.held = new int[size];
    }

    int size() {
        return size;
    }

    static String host(int envoy) {
        return "env-" + envoy + ".bench";
    }

    private static int pool(int envoy, int slot) {
        return Math.floorMod(envoy * 31 + slot * 257, POOL);
    }

    /** The envoy joins: its whole cache in one CacheResync. One event. */
    int join(int envoy) {
        held[envoy] = (1 << INITIAL_BLOBS) - 1;
        List<PeerEntry> peers = new ArrayList<>();
        for (int slot = 0; slot < INITIAL_BLOBS; slot++) {
            int k = pool(envoy, slot);
            peers.add(new PeerEntry(POOL_SHAS[k], PeerState.CACHED, POOL_SIZES[k]));
        }
        String host = host(envoy);
        publisher.publish(host, new CacheResync(host, epoch, ++reportSequence[envoy], peers, List.of()));
        return 1;
    }

    /** What one step of an envoy publishes. */
    enum Step {
        /** The workload: a check-in, and on every 5th a peer-record change. */
        WORKLOAD,
        /** A check-in and nothing else: a heartbeat that changes nothing but last seen (the envoy online). */
        HEARTBEAT,
        /** A peer-record change and nothing else: a blob evicted or cached. */
        CACHE_CHANGE
    }

    /** One step of the envoy; returns the events sent. */
    int step(Step step, int envoy) {
        return switch (step) {
            case WORKLOAD -> checkIn(envoy);
            case HEARTBEAT -> heartbeat(envoy);
            case CACHE_CHANGE -> flip(envoy, (int) (reportSequence[envoy] % SLOTS));
        };
    }

    /** One check-in of the envoy, and on every 5th a peer-record change. Returns the events sent (1 or 2). */
    int checkIn(int envoy) {
        heartbeat(envoy);
        long sequence = checkInSequence[envoy];
        // Staggered by envoy, so the fleet does not flip its blobs in lock-step.
        if ((sequence + envoy) % 5 != 0) {
            return 1;
        }
        return 1 + flip(envoy, (int) ((sequence + envoy) / 5 % SLOTS));
    }

    private int heartbeat(int envoy) {
        String host = host(envoy);
        publisher.publish(host, new EnvoyCheckIn(host, "bench", INTERVAL_MS, true, Instant.now(), epoch, ++checkInSequence[envoy]));
        return 1;
    }

    /** Evicts the slot's blob if held, else caches it. One event. */
    private int flip(int envoy, int slot) {
        String host = host(envoy);
        int k = pool(envoy, slot);
        if ((held[envoy] & (1 << slot)) != 0) {
            held[envoy] &= ~(1 << slot);
            publisher.publish(host, new PeerRecordRemoved(host, epoch, ++reportSequence[envoy], POOL_SHAS[k]));
        } else {
            held[envoy] |= 1 << slot;
            publisher.publish(host, new PeerRecordUpdated(host, epoch, ++reportSequence[envoy], POOL_SHAS[k], PeerState.CACHED, POOL_SIZES[k]));
        }
        return 1;
    }

    /** Check-ins published so far, the whole fleet's. */
    long checkIns() {
        long total = 0;
        for (long sequence : checkInSequence) {
            total += sequence;
        }
        return total;
    }

    /** The next envoy in check-in order: round robin, so each checks in once per pass. */
    int next() {
        int envoy = cursor;
        cursor = (cursor + 1) % size;
        return envoy;
    }

    /** Whether the envoy's latest check-in is one of its every-4th, when it polls for tasks (staggered by envoy). */
    boolean pollsNow(int envoy) {
        return (checkInSequence[envoy] + envoy) % 4 == 0;
    }

    void flush() {
        publisher.flush();
    }
}
