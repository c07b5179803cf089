package io.vigo.swarm.streams.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigo.swarm.streams.query.LocalStores;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The fleet gauges of one instance: the totals of the envoy-side partitions this instance owns,
 * read from its own stores. Prometheus sums them across instances; a scrape never asks another
 * instance (a fan-out per scrape, per instance, is what the fleet-wide status query costs).
 */
final class FleetGauges {

    private FleetGauges() {
    }

    static void register(LocalStores stores, MeterRegistry registry) {
        Gauge.builder("vigo_envoys_online", stores, s -> sum(s, FleetTotals::getOnline))
                .description("online envoys of the substrate population in this instance's partitions").register(registry);
        Gauge.builder("vigo_envoys_known", stores, s -> sum(s, FleetTotals::getPopulation))
                .description("envoys of the substrate population in this instance's partitions").register(registry);
    }

    /** Over the partitions this instance owns and trusts now; 0 for an instance that owns none. */
    static long sum(LocalStores stores, ToLongFunction<FleetTotals> field) {
        long total = 0;
        for (int partition = 0; partition < stores.partitions(); partition++) {
            ReadOnlyKeyValueStore<Integer, FleetTotals> totals = stores.partition(StoreNames.FLEET_TOTALS, partition);
            try {
                FleetTotals own = totals == null ? null : totals.get(partition);
                total += own == null ? 0 : field.applyAsLong(own);
            } catch (InvalidStateStoreException e) {
                // moved since it was looked up: its new owner reports it
            }
        }
        return total;
    }
}
