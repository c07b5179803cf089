package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.streams.fleet.FleetContribution;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The envoys a dispatch's pattern picks: it needs every partition of the fleet, or it would miss some. */
final class DispatchTargetsView {

    /** One partition's envoys a dispatch could pick: the population's and the swarm-disabled ones. */
    record Part(List<String> population, List<String> swarmDisabled) {
    }

    private final QueryContext context;
    final PartialQuery<PartialQuery.NoArgument, Part> dispatchTargets;

    DispatchTargetsView(QueryContext context) {
        this.context = context;
        this.dispatchTargets = PartialQuery.of("dispatch-targets", Part.class, partition -> {
            ReadOnlyKeyValueStore<String, EnvoyState> fleet = context.stores().partition(StoreNames.FLEET_INDEX, partition);
            if (fleet == null) {
                return null;
            }
            List<String> population = new ArrayList<>();
            List<String> disabled = new ArrayList<>();
            try (KeyValueIterator<String, EnvoyState> it = fleet.all()) {
                it.forEachRemaining(kv -> {
                    if (kv.value.getKnown() && kv.value.getLastSeenMs() > 0) {
                        (FleetContribution.inPopulation(kv.value) ? population : disabled).add(kv.key);
                    }
                });
            }
            return new Part(population, disabled);
        });
        context.partials().register(dispatchTargets);
    }

    TaskQueries.Targets targets(HostPattern pattern) {
        Partials.Gathered<Part> parts = context.partials().gather(dispatchTargets);
        if (!parts.complete()) {
            throw new ViewsUnavailableException("not every partition of the fleet answered; cannot choose targets, try again");
        }
        List<String> population = parts.byPartition().values().stream().flatMap(part -> part.population().stream())
                .filter(pattern::matches).sorted().toList();
        List<String> disabled = parts.byPartition().values().stream().flatMap(part -> part.swarmDisabled().stream())
                .filter(pattern::matches).sorted().toList();
        return new TaskQueries.Targets(population, disabled);
    }
}
