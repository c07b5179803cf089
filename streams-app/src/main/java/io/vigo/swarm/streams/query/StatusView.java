package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.streams.state.AllowlistState;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.ManifestTotals;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.topics.TopicNames;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code swarm status}: the fleet and manifest totals, one record per partition whatever the
 * fleet size, summed across instances; and the seeding allowlist.
 */
final class StatusView {

    /** One partition's fleet totals. */
    record FleetPart(long online, long population, long substrateActive, long seedingEnvoys, long footprintBytes) {
        static FleetPart of(FleetTotals t) {
            return new FleetPart(t.getOnline(), t.getPopulation(), t.getSubstrateActive(), t.getSeedingEnvoys(), t.getFootprintBytes());
        }
    }

    /** One partition's manifest totals. */
    record ManifestPart(long active, long revoked, long activePayload, long activeGitback) {
        static ManifestPart of(ManifestTotals t) {
            return new ManifestPart(t.getActive(), t.getRevoked(), t.getActivePayload(), t.getActiveGitback());
        }
    }

    private final QueryContext context;
    private final LongSupplier deadLetters;
    final PartialQuery<PartialQuery.NoArgument, FleetPart> fleetTotals;
    final PartialQuery<PartialQuery.NoArgument, ManifestPart> manifestTotals;

    StatusView(QueryContext context, LongSupplier deadLetters) {
        this.context = context;
        this.deadLetters = deadLetters;
        this.fleetTotals = PartialQuery.of("fleet-totals", FleetPart.class, partition -> {
            ReadOnlyKeyValueStore<Integer, FleetTotals> store = context.stores().partition(StoreNames.FLEET_TOTALS, partition);
            if (store == null) {
                return null;
            }
            FleetTotals t = store.get(partition);
            return FleetPart.of(t == null ? new FleetTotals() : t);
        });
        this.manifestTotals = PartialQuery.of("manifest-totals", ManifestPart.class, partition -> {
            ReadOnlyKeyValueStore<Integer, ManifestTotals> store = context.stores().partition(StoreNames.MANIFEST_TOTALS, partition);
            if (store == null) {
                return null;
            }
            ManifestTotals t = store.get(partition);
            return ManifestPart.of(t == null ? new ManifestTotals() : t);
        });
        context.partials().register(fleetTotals);
        context.partials().register(manifestTotals);
    }

    SwarmStatus status() {
        Partials.Gathered<FleetPart> fleet = context.partials().gather(fleetTotals);
        Partials.Gathered<ManifestPart> manifest = context.partials().gather(manifestTotals);
        QueryContext.requireAnyPartition(fleet.byPartition());
        long online = 0, population = 0, active = 0, seeding = 0, footprint = 0;
        for (FleetPart t : fleet.byPartition().values()) {
            online += t.online();
            population += t.population();
            active += t.substrateActive();
            seeding += t.seedingEnvoys();
            footprint += t.footprintBytes();
        }
        long activeEntries = 0, revoked = 0, payload = 0, gitback = 0;
        for (ManifestPart t : manifest.byPartition().values()) {
            activeEntries += t.active();
            revoked += t.revoked();
            payload += t.activePayload();
            gitback += t.activeGitback();
        }
        AllowlistState allowlist = allowlist();
        return new SwarmStatus(context.now(), fleet.complete() && manifest.complete(), context.lag(), online, population, active,
                seeding, footprint, activeEntries, revoked, payload, gitback,
                new SwarmStatus.SeedingAllowlist(allowlist.getServerHostname(), List.copyOf(allowlist.getPatterns())),
                deadLetters.getAsLong(), null);
    }

    long deadLetters() {
        return deadLetters.getAsLong();
    }

    /** Every envoy-side partition holds the same allowlist: the first readable one answers. */
    private AllowlistState allowlist() {
        LocalStores stores = context.stores();
        for (int partition = 0; partition < stores.partitions(); partition++) {
            ReadOnlyKeyValueStore<String, AllowlistState> store = stores.partition(StoreNames.ALLOWLIST, partition);
            try {
                AllowlistState state = store == null ? null : store.get(TopicNames.ALLOWLIST_SETTING);
                if (state != null) {
                    return state;
                }
            } catch (InvalidStateStoreException e) {
                // try the next partition
            }
        }
        return new AllowlistState(List.of(), "");
    }
}
