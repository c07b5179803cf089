package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.api.EnvoyStatus;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.streams.fleet.PeerOrder;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.streams.fleet.FleetContribution;
import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.history.StoredMoment;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
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

    /** A page as of a moment. */
    record PageAt(PeerSort sort, int limit, long atMs) {
    }

    /** One partition's first rows as of a moment, its population then, and where its envoys' versions start. */
    record RowsAt(long population, long startMs, List<PeerRow> rows) {
    }

    /**
     * Up to this many history entries per envoy of a partition, a page as of T reads the history
     * in one forward pass; beyond, it seeks each envoy's version (a seek costs about as much as
     * stepping over a few dozen entries: at 50,000 envoys a partition, the pass is cheaper at 32
     * entries each and the seeks at 48, {@code bin/vigo _bench-asof} in BENCHMARKS.md).
     */
    static final long ONE_PASS_ENTRIES_PER_ENVOY = 32;

    private final QueryContext context;
    private final Duration horizon;
    final PartialQuery<Page, Rows> firstRows;
    final PartialQuery<PageAt, RowsAt> firstRowsAt;

    PeersView(QueryContext context, Duration horizon) {
        this.context = context;
        this.horizon = horizon;
        this.firstRows = new PartialQuery<>("peer-rows", Page.class, Rows.class, this::firstRowsOf);
        this.firstRowsAt = new PartialQuery<>("peer-rows-at", PageAt.class, RowsAt.class, this::firstRowsAt);
        context.partials().register(firstRows);
        context.partials().register(firstRowsAt);
    }

    PeersPage peers(PeerSort sort, int limit) {
        Partials.Gathered<Rows> parts = context.partials().gather(firstRows, new Page(sort, limit));
        QueryContext.requireAnyPartition(parts.byPartition());
        List<PeerRow> merged = parts.byPartition().values().stream().flatMap(part -> part.rows().stream()).sorted(order(sort)).toList();
        List<PeerRow> page = limit == 0 ? merged : merged.subList(0, Math.min(limit, merged.size()));
        long population = parts.byPartition().values().stream().mapToLong(Rows::population).sum();
        return new PeersPage(context.now(), parts.complete(), context.lag(), sort, limit, population, page, null);
    }

    /**
     * {@code swarm peers} as of {@code at} (SPEC §12): every partition's envoys as their versions
     * were then, in the page's order; online decided by the rule at {@code at}, with last seen
     * read back from the check-ins for the rows shown.
     */
    PeersPage peersAt(PeerSort sort, int limit, Instant moment) {
        Instant at = moment.truncatedTo(ChronoUnit.MILLIS); // history's resolution
        HistoryView.requireWithinHorizon("at", at, context.now(), horizon);
        Partials.Gathered<RowsAt> parts = context.partials().gather(firstRowsAt, new PageAt(sort, limit, at.toEpochMilli()));
        QueryContext.requireAnyPartition(parts.byPartition());
        long start = parts.byPartition().values().stream().mapToLong(RowsAt::startMs).max().orElse(0);
        if (at.toEpochMilli() < start) {
            throw new HistoryRequestException(at + " is before the envoys' history starts (" + Instant.ofEpochMilli(start) + ")");
        }
        List<PeerRow> merged = parts.byPartition().values().stream().flatMap(part -> part.rows().stream()).sorted(order(sort)).toList();
        List<PeerRow> page = limit == 0 ? merged : merged.subList(0, Math.min(limit, merged.size()));
        long population = parts.byPartition().values().stream().mapToLong(RowsAt::population).sum();
        return new PeersPage(context.now(), parts.complete(), context.lag(), sort, limit, population, page, at);
    }

    private RowsAt firstRowsAt(int partition, PageAt page) {
        ReadOnlyKeyValueStore<Bytes, StoredMoment> versions = context.stores().partition(StoreNames.ENVOY_HISTORY, partition);
        if (versions == null) {
            return null;
        }
        ReadOnlyKeyValueStore<String, EnvoyState> fleet = context.sibling(StoreNames.FLEET_INDEX, partition);
        record Candidate(PeerRow row, EnvoyState envoy) {
        }
        Comparator<PeerRow> order = order(page.sort());
        Comparator<Candidate> byRow = Comparator.comparing(Candidate::row, order);
        // The first `limit` rows only (all of them for 0): the last kept row on top, to be dropped first.
        PriorityQueue<Candidate> first = new PriorityQueue<>(byRow.reversed());
        long[] population = {0};
        java.util.function.Consumer<EnvoyState> consider = then -> {
            if (FleetContribution.inPopulation(then)) {
                population[0]++;
                first.add(new Candidate(EnvoyRows.peerRow(then), then));
                if (page.limit() > 0 && first.size() > page.limit()) {
                    first.poll();
                }
            }
        };
        if (versions.approximateNumEntries() <= ONE_PASS_ENTRIES_PER_ENVOY * Math.max(1, fleet.approximateNumEntries())) {
            HostHistory.envoysAsOf(versions, page.atMs(), consider);
        } else { // a long history per envoy: one reverse seek per envoy reads less than every entry
            try (KeyValueIterator<String, EnvoyState> hosts = fleet.all()) {
                while (hosts.hasNext()) {
                    consider.accept(HostHistory.envoyAsOf(versions, hosts.next().key, page.atMs()));
                }
            }
        }
        List<EnvoyState> shown = first.stream().sorted(byRow).map(Candidate::envoy).toList();
        List<PeerRow> rows = EnvoysAt.withCheckIns(context.checkIns(), partition, shown, page.atMs()).stream()
                .map(EnvoyRows::peerRow).sorted(order).toList();
        return new RowsAt(population[0], HostHistory.startedAt(versions), rows);
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
