package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.FleetMark;
import io.vigo.swarm.streams.fleet.FleetContribution;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every envoy of the substrate population as a mark of the {@code /swarm} page (the page's live
 * feed asks once a tick while someone watches), read from every partition's FleetIndex.
 */
final class FleetMarksView {

    /** One partition's marks. */
    record Marks(List<FleetMark> marks) {
    }

    private final QueryContext context;
    final PartialQuery<PartialQuery.NoArgument, Marks> partitionMarks;

    FleetMarksView(QueryContext context) {
        this.context = context;
        this.partitionMarks = PartialQuery.of("fleet-marks", Marks.class, this::marksOf);
        context.partials().register(partitionMarks);
    }

    /** The whole population's marks (partition by partition; the page lays them out in its own order); {@code complete} false when a partition did not answer. */
    FleetMarks marks() {
        Partials.Gathered<Marks> parts = context.partials().gather(partitionMarks);
        QueryContext.requireAnyPartition(parts.byPartition());
        List<FleetMark> all = new ArrayList<>();
        parts.byPartition().values().forEach(part -> all.addAll(part.marks()));
        return new FleetMarks(parts.complete(), all);
    }

    private Marks marksOf(int partition) {
        ReadOnlyKeyValueStore<String, EnvoyState> fleet = context.stores().partition(StoreNames.FLEET_INDEX, partition);
        if (fleet == null) {
            return null;
        }
        List<FleetMark> marks = new ArrayList<>();
        try (KeyValueIterator<String, EnvoyState> envoys = fleet.all()) {
            while (envoys.hasNext()) {
                EnvoyState envoy = envoys.next().value;
                if (FleetContribution.inPopulation(envoy)) {
                    marks.add(new FleetMark(envoy.getHostname(), EnvoyRows.status(envoy), envoy.getSeeding(), envoy.getCached(),
                            envoy.getFootprintBytes(), envoy.getLastSeenMs(), EnvoyRows.color(envoy).hex(), envoy.getTags().isEmpty() ? java.util.Map.of() : new TreeMap<>(envoy.getTags())));
                }
            }
        }
        return new Marks(marks);
    }
}
