package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.api.EnvoyStatus;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.streams.fleet.PeerOrder;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code swarm peers}: the first rows of the population in one order. Each partition gives its
 * own first {@code limit} rows from the peer-order index, so a page costs about partitions ×
 * limit reads whatever the fleet size; merged and cut here.
 */
final class PeersView {

    /** Which page: the order and how many rows (0 for all). */
    record Page(PeerSort sort, int limit) {
        Page {
            if (sort == null) {
                throw new IllegalArgumentException("a peers page needs a sort");
            }
            if (limit < 0) {
                throw new IllegalArgumentException("the limit of a peers page must be >= 0, not " + limit);
            }
        }
    }

    /** One partition's first rows in the page's order, and its population. */
    record Rows(long population, List<PeerRow> rows) {
    }

    private final QueryContext context;
    final PartialQuery<Page, Rows> firstRows;

    PeersView(QueryContext context) {
        this.context = context;
        this.firstRows = new PartialQuery<>("peer-rows", Page.class, Rows.class, this::firstRowsOf);
        context.partials().register(firstRows);
    }

    PeersPage peers(PeerSort sort, int limit) {
        Partials.Gathered<Rows> parts = context.partials().gather(firstRows, new Page(sort, limit));
        QueryContext.requireAnyPartition(parts.byPartition());
        List<PeerRow> merged = parts.byPartition().values().stream().flatMap(part -> part.rows().stream()).sorted(order(sort)).toList();
        List<PeerRow> page = limit == 0 ? merged : merged.subList(0, Math.min(limit, merged.size()));
        long population = parts.byPartition().values().stream().mapToLong(Rows::population).sum();
        return new PeersPage(context.now(), parts.complete(), context.lag(), sort, limit, population, page);
    }

    private Rows firstRowsOf(int partition, Page page) {
        ReadOnlyKeyValueStore<Bytes, String> order = context.stores().partition(StoreNames.PEER_ORDER, partition);
        if (order == null) {
            return null;
        }
        ReadOnlyKeyValueStore<String, EnvoyState> fleet = context.sibling(StoreNames.FLEET_INDEX, partition);
        ReadOnlyKeyValueStore<Integer, FleetTotals> totals = context.sibling(StoreNames.FLEET_TOTALS, partition);
        List<PeerRow> rows = new ArrayList<>();
        for (String host : PeerOrder.first(order, page.sort(), page.limit())) {
            EnvoyState envoy = fleet.get(host);
            if (envoy != null) {
                rows.add(EnvoyRows.peerRow(envoy));
            }
        }
        FleetTotals own = totals.get(partition);
        return new Rows(own == null ? 0 : own.getPopulation(), rows);
    }

    /** Footprint or blobs descending, or hostname ascending; ties online first, then hostname. */
    static Comparator<PeerRow> order(PeerSort sort) {
        Comparator<PeerRow> ties = Comparator.comparing((PeerRow r) -> r.status() != EnvoyStatus.ONLINE)
                .thenComparing(PeerRow::hostname);
        return switch (sort) {
            case FOOTPRINT -> Comparator.comparingLong(PeerRow::footprintBytes).reversed().thenComparing(ties);
            case BLOBS -> Comparator.comparingLong(PeerRow::cached).reversed().thenComparing(ties);
            case HOSTNAME -> Comparator.comparing(PeerRow::hostname).thenComparing(ties);
        };
    }
}
