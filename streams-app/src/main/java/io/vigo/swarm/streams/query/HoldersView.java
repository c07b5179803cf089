package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.FilecastHolders;
import io.vigo.swarm.streams.fleet.FleetContribution;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.PeerHolding;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every envoy holding, downloading or seeding one sha. Peer records and seeds are keyed by
 * hostname, so each partition is scanned for the sha: about a millisecond per thousand peer
 * records, affordable for one payload's page but not for a hot path.
 */
final class HoldersView {

    /** Which payload. */
    record Sha(String sha) {
    }

    /** One partition's holders of the sha. */
    record Part(List<FilecastHolders.Holder> holders) {
    }

    private final QueryContext context;
    final PartialQuery<Sha, Part> holdersOf;

    HoldersView(QueryContext context) {
        this.context = context;
        this.holdersOf = new PartialQuery<>("filecast-holders", Sha.class, Part.class, this::holdersIn);
        context.partials().register(holdersOf);
    }

    FilecastHolders holders(String sha) {
        Partials.Gathered<Part> parts = context.partials().gather(holdersOf, new Sha(sha));
        QueryContext.requireAnyPartition(parts.byPartition());
        List<FilecastHolders.Holder> holders = new ArrayList<>();
        parts.byPartition().values().forEach(part -> holders.addAll(part.holders()));
        holders.sort(Comparator.comparing(FilecastHolders.Holder::hostname).thenComparing(FilecastHolders.Holder::role));
        return new FilecastHolders(context.now(), parts.complete(), context.lag(), sha, holders);
    }

    private Part holdersIn(int partition, Sha sha) {
        ReadOnlyKeyValueStore<String, PeerHolding> peers = context.stores().partition(StoreNames.PEER_RECORDS, partition);
        if (peers == null) {
            return null;
        }
        ReadOnlyKeyValueStore<String, EnvoyState> fleet = context.sibling(StoreNames.FLEET_INDEX, partition);
        ReadOnlyKeyValueStore<String, HostSeed> seeds = context.sibling(StoreNames.ENVOY_SEEDS, partition);
        String suffix = Keys.SEPARATOR + sha.sha();
        List<FilecastHolders.Holder> holders = new ArrayList<>();
        try (KeyValueIterator<String, PeerHolding> it = peers.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.endsWith(suffix)) {
                    add(holders, fleet, Keys.first(kv.key), kv.value.getCached() ? "cached" : "downloading", kv.value.getBytes());
                }
            });
        }
        try (KeyValueIterator<String, HostSeed> it = seeds.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.endsWith(suffix)) {
                    add(holders, fleet, Keys.first(kv.key), kv.value.getAllowed() ? "seeding" : "refused", kv.value.getSizeBytes());
                }
            });
        }
        return new Part(holders);
    }

    /** Adds the host's part if it is in the population (a decommissioned or swarm-disabled host is not shown). */
    private static void add(List<FilecastHolders.Holder> holders, ReadOnlyKeyValueStore<String, EnvoyState> fleet,
            String host, String role, long bytes) {
        EnvoyState envoy = fleet.get(host);
        if (envoy != null && FleetContribution.inPopulation(envoy)) {
            holders.add(EnvoyRows.holder(envoy, role, bytes));
        }
    }
}
