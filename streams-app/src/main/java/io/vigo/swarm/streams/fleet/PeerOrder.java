package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.streams.state.EnvoyState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The envoys of the substrate population in each `swarm peers` order, as keys of one store
 * (key → hostname) that sort the way the page is read: the first N keys of an order are the page's
 * first N rows, so a page costs N reads whatever the fleet size. An envoy has one key per order
 * and the keys change only when what they sort by changes (footprint, cached count, status,
 * membership), never on a plain check-in.
 *
 * <p>Key layout, compared as unsigned bytes: one order byte, then for footprint and blobs
 * {@code Long.MAX_VALUE - value} big-endian (descending), a status byte (online first) and the
 * hostname's UTF-8 bytes (hostnames are lower-case ASCII, so byte order is string order); for
 * hostname order just the hostname.
 */
public final class PeerOrder {

    /** An order's first key byte; fixed, since the keys are on disk. */
    private static byte id(PeerSort sort) {
        return switch (sort) {
            case FOOTPRINT -> 0;
            case BLOBS -> 1;
            case HOSTNAME -> 2;
        };
    }

    private PeerOrder() {
    }

    /** Moves the envoy's keys from what {@code before} sorted by to what {@code after} does. */
    static void update(KeyValueStore<Bytes, String> index, EnvoyState before, EnvoyState after) {
        boolean wasIn = FleetContribution.inPopulation(before);
        boolean isIn = FleetContribution.inPopulation(after);
        if (!wasIn && !isIn || wasIn && isIn && sameOrderKeys(before, after)) {
            return; // a plain check-in: nothing the keys sort by has changed
        }
        for (PeerSort sort : PeerSort.values()) {
            Bytes old = wasIn ? key(sort, before) : null;
            Bytes now = isIn ? key(sort, after) : null;
            if (Objects.equals(old, now)) {
                continue;
            }
            if (old != null) {
                index.delete(old);
            }
            if (now != null) {
                index.put(now, after.getHostname());
            }
        }
    }

    /**
     * Makes the index match {@code fleet} exactly: every key removed, then every population
     * envoy's keys added. The index is derived state without a changelog; this runs whenever its
     * task starts, after FleetIndex is restored, so a copy left on disk by an earlier owner of the
     * partition never disagrees with the restored FleetIndex.
     */
    static void rebuild(KeyValueStore<Bytes, String> index, KeyValueStore<String, EnvoyState> fleet) {
        List<Bytes> stale = new ArrayList<>();
        try (KeyValueIterator<Bytes, String> it = index.all()) {
            it.forEachRemaining(entry -> stale.add(entry.key));
        }
        stale.forEach(index::delete);
        try (KeyValueIterator<String, EnvoyState> it = fleet.all()) {
            it.forEachRemaining(entry -> update(index, null, entry.value));
        }
    }

    /** The first {@code limit} hostnames of one partition in {@code sort} order; all of them for 0. */
    public static List<String> first(ReadOnlyKeyValueStore<Bytes, String> index, PeerSort sort, int limit) {
        List<String> hosts = new ArrayList<>();
        try (KeyValueIterator<Bytes, String> it = index.prefixScan(Bytes.wrap(new byte[] {id(sort)}), new BytesSerializer())) {
            while (it.hasNext() && (limit == 0 || hosts.size() < limit)) {
                hosts.add(it.next().value);
            }
        }
        return hosts;
    }

    private static boolean sameOrderKeys(EnvoyState before, EnvoyState after) {
        return before.getFootprintBytes() == after.getFootprintBytes() && before.getCached() == after.getCached()
                && before.getOnline() == after.getOnline();
    }

    static Bytes key(PeerSort sort, EnvoyState envoy) {
        byte[] host = envoy.getHostname().getBytes(StandardCharsets.UTF_8);
        if (sort == PeerSort.HOSTNAME) {
            return Bytes.wrap(ByteBuffer.allocate(1 + host.length).put(id(sort)).put(host).array());
        }
        long value = sort == PeerSort.FOOTPRINT ? envoy.getFootprintBytes() : envoy.getCached();
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES + 1 + host.length)
                .put(id(sort))
                .putLong(Long.MAX_VALUE - Math.max(0, value))
                .put((byte) (envoy.getOnline() ? 0 : 1))
                .put(host)
                .array());
    }
}
