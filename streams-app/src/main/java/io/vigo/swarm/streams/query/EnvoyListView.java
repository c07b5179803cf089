package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.EnvoyColor;
import io.vigo.swarm.api.EnvoyList;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@code envoys list}: every envoy that ever checked in, decommissioned ones marked, by hostname. */
final class EnvoyListView {

    /** One partition's envoys. */
    record Part(List<EnvoyList.EnvoyRow> rows) {
    }

    private final QueryContext context;
    final PartialQuery<PartialQuery.NoArgument, Part> envoyRows;

    EnvoyListView(QueryContext context) {
        this.context = context;
        this.envoyRows = PartialQuery.of("envoy-rows", Part.class, partition -> {
            ReadOnlyKeyValueStore<String, EnvoyState> store = context.stores().partition(StoreNames.FLEET_INDEX, partition);
            if (store == null) {
                return null;
            }
            List<EnvoyList.EnvoyRow> rows = new ArrayList<>();
            try (KeyValueIterator<String, EnvoyState> it = store.all()) {
                it.forEachRemaining(kv -> {
                    EnvoyState e = kv.value;
                    if (e.getLastSeenMs() > 0) {
                        EnvoyColor color = EnvoyRows.color(e);
                        rows.add(new EnvoyList.EnvoyRow(e.getHostname(), EnvoyRows.status(e), !e.getKnown(),
                                e.getSwarmEnabled(), e.getAgentVersion(), EnvoyRows.lastSeen(e), new TreeMap<>(e.getTags()),
                                color.hex(), color.pinned()));
                    }
                });
            }
            return new Part(rows);
        });
        context.partials().register(envoyRows);
    }

    EnvoyList envoys() {
        Partials.Gathered<Part> parts = context.partials().gather(envoyRows);
        QueryContext.requireAnyPartition(parts.byPartition());
        List<EnvoyList.EnvoyRow> all = parts.byPartition().values().stream().flatMap(part -> part.rows().stream())
                .sorted(Comparator.comparing(EnvoyList.EnvoyRow::hostname)).toList();
        return new EnvoyList(context.now(), parts.complete(), context.lag(), all);
    }
}
