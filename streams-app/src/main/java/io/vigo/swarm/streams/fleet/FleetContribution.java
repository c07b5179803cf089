package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.FleetTotals;

/**
 * What one envoy adds to its partition's fleet totals: a pure function of its stored state. The
 * rollup changes by {@code of(after) - of(before)} on every event, so it stays equal to a recount
 * without ever scanning the fleet.
 */
public record FleetContribution(long known, long population, long online, long substrateActive,
        long seedingEnvoys, long footprintBytes) {

    public static final FleetContribution NONE = new FleetContribution(0, 0, 0, 0, 0, 0);

    public static FleetContribution of(EnvoyState envoy) {
        if (envoy == null || !envoy.getKnown()) {
            return NONE;
        }
        if (!inPopulation(envoy)) {
            return new FleetContribution(1, 0, 0, 0, 0, 0);
        }
        return new FleetContribution(1, 1,
                envoy.getOnline() ? 1 : 0,
                substrateActive(envoy) ? 1 : 0,
                envoy.getSeeding() > 0 ? 1 : 0,
                envoy.getFootprintBytes());
    }

    /** The substrate population P: known envoys whose latest check-in says the swarm is enabled. */
    public static boolean inPopulation(EnvoyState envoy) {
        return envoy != null && envoy.getKnown() && envoy.getLastSeenMs() > 0 && envoy.getSwarmEnabled();
    }

    /** At least one peer record, or seeding at least one active entry. */
    public static boolean substrateActive(EnvoyState envoy) {
        return envoy.getCached() + envoy.getDownloading() > 0 || envoy.getSeeding() > 0;
    }

    /** {@code totals + after - before}, as a new value. */
    public static FleetTotals apply(FleetTotals totals, FleetContribution before, FleetContribution after) {
        return FleetTotals.newBuilder()
                .setKnown(totals.getKnown() + after.known - before.known)
                .setPopulation(totals.getPopulation() + after.population - before.population)
                .setOnline(totals.getOnline() + after.online - before.online)
                .setSubstrateActive(totals.getSubstrateActive() + after.substrateActive - before.substrateActive)
                .setSeedingEnvoys(totals.getSeedingEnvoys() + after.seedingEnvoys - before.seedingEnvoys)
                .setFootprintBytes(totals.getFootprintBytes() + after.footprintBytes - before.footprintBytes)
                .build();
    }
}
