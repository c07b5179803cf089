package io.vigo.swarm.streams.history;

import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.ManifestTotals;

/**
 * Adding totals: what {@link TotalsHistory} needs of a rollup type. A change is stored as the
 * difference it made (its fields may be negative), so changes add in any order.
 */
public interface Totals<T> {

    T zero();

    T plus(T a, T b);

    default boolean isZero(T t) {
        return zero().equals(t);
    }

    Totals<FleetTotals> FLEET = new Totals<>() {
        @Override
        public FleetTotals zero() {
            return new FleetTotals();
        }

        @Override
        public FleetTotals plus(FleetTotals a, FleetTotals b) {
            return new FleetTotals(a.getKnown() + b.getKnown(), a.getPopulation() + b.getPopulation(), a.getOnline() + b.getOnline(),
                    a.getSubstrateActive() + b.getSubstrateActive(), a.getSeedingEnvoys() + b.getSeedingEnvoys(),
                    a.getFootprintBytes() + b.getFootprintBytes());
        }
    };

    Totals<ManifestTotals> MANIFEST = new Totals<>() {
        @Override
        public ManifestTotals zero() {
            return new ManifestTotals();
        }

        @Override
        public ManifestTotals plus(ManifestTotals a, ManifestTotals b) {
            return new ManifestTotals(a.getActive() + b.getActive(), a.getRevoked() + b.getRevoked(),
                    a.getActivePayload() + b.getActivePayload(), a.getActiveGitback() + b.getActiveGitback());
        }
    };
}
