package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.RefusedSeeds;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@code swarm refused}: the seeds the allowlist refused, by host and sha. */
final class RefusedView {

    /** One partition's refused seeds. */
    record Part(List<RefusedSeeds.RefusedSeed> seeds) {
    }

    private final QueryContext context;
    final PartialQuery<PartialQuery.NoArgument, Part> refusedSeeds;

    RefusedView(QueryContext context) {
        this.context = context;
        this.refusedSeeds = PartialQuery.of("refused-seeds", Part.class, partition -> {
            ReadOnlyKeyValueStore<String, HostSeed> store = context.stores().partition(StoreNames.ENVOY_SEEDS, partition);
            if (store == null) {
                return null;
            }
            List<RefusedSeeds.RefusedSeed> refused = new ArrayList<>();
            try (KeyValueIterator<String, HostSeed> it = store.all()) {
                it.forEachRemaining(kv -> {
                    if (!kv.value.getAllowed()) {
                        refused.add(new RefusedSeeds.RefusedSeed(Keys.first(kv.key), Keys.second(kv.key),
                                kv.value.getLabel(), kv.value.getSubsystem(), kv.value.getSizeBytes()));
                    }
                });
            }
            return new Part(refused);
        });
        context.partials().register(refusedSeeds);
    }

    RefusedSeeds refused() {
        Partials.Gathered<Part> parts = context.partials().gather(refusedSeeds);
        QueryContext.requireAnyPartition(parts.byPartition());
        List<RefusedSeeds.RefusedSeed> all = parts.byPartition().values().stream().flatMap(part -> part.seeds().stream())
                .sorted(Comparator.comparing(RefusedSeeds.RefusedSeed::hostname).thenComparing(RefusedSeeds.RefusedSeed::sha))
                .toList();
        return new RefusedSeeds(context.now(), parts.complete(), context.lag(), all);
    }
}
