package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.EnvoyList;
import io.vigo.swarm.api.FilecastHolders;
import io.vigo.swarm.api.ManifestEntries;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.RefusedSeeds;
import io.vigo.swarm.api.EnvoyHistory;
import io.vigo.swarm.api.FilecastHistory;
import io.vigo.swarm.api.SwarmHistory;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.streams.fleet.PeerOrder;
import io.vigo.swarm.streams.history.HistoryHorizon;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The operator's questions, one view each, answered from this instance's stores and, for the
 * fleet-wide ones, merged with the other instances' partial answers. The views register their
 * partial queries here, so every instance can answer every other.
 */
public final class SwarmQueries {

    private final StatusView status;
    private final PeersView peers;
    private final FleetMarksView marks;
    private final RefusedView refused;
    private final EnvoyDetailView envoy;
    private final EnvoyListView envoys;
    private final FilecastView filecasts;
    private final HoldersView holders;
    private final HistoryView history;
    private final EnvoyHistoryView envoyHistory;
    private final FilecastHistoryView filecastHistory;

    /** Queries of one instance that answers alone (every partition is its own). */
    public SwarmQueries(LocalStores stores, LongSupplier inputLag, LongSupplier deadLetters, Clock clock) {
        this(QueryContext.alone(stores, inputLag, clock), deadLetters, HistoryHorizon.DEFAULT);
    }

    /**
     * @param horizon how far back as-of answers reach (the topology prunes history beyond it)
     * @param checkIns the check-ins topic, where as-of answers find when an online envoy last checked in
     */
    public SwarmQueries(LocalStores stores, Partials partials, KeyRouter router, LongSupplier inputLag, LongSupplier deadLetters, Clock clock,
            Duration horizon, CheckInLog checkIns) {
        this(new QueryContext(stores, partials, router, inputLag, clock, checkIns), deadLetters, horizon);
    }

    private SwarmQueries(QueryContext context, LongSupplier deadLetters, Duration horizon) {
        this.status = new StatusView(context, deadLetters);
        this.history = new HistoryView(context, horizon, status);
        this.envoyHistory = new EnvoyHistoryView(context, horizon);
        this.filecastHistory = new FilecastHistoryView(context, horizon);
        this.peers = new PeersView(context, horizon);
        this.marks = new FleetMarksView(context);
        this.refused = new RefusedView(context);
        this.envoy = new EnvoyDetailView(context, horizon);
        this.envoys = new EnvoyListView(context);
        this.filecasts = new FilecastView(context, horizon);
        this.holders = new HoldersView(context);
    }

    /** Every envoy of the population as a mark of the {@code /swarm} page. */
    public FleetMarks fleetMarks() {
        return marks.marks();
    }

    public SwarmStatus status() {
        return status.status();
    }

    /** {@code swarm status} as it was at {@code at}; HistoryRequestException for a moment outside the horizon. */
    public SwarmStatus status(Instant at) {
        return history.statusAt(at);
    }

    /** One envoy's changes since {@code since} (at most the horizon back), from the instance that owns its partition. */
    public EnvoyHistory envoyHistory(String hostname, Instant since, boolean forwarded) {
        return envoyHistory.history(hostname, since, forwarded);
    }

    /** A payload's holders and downloaders from {@code from} to {@code to}, and when it reached 50, 90 and 100 % of its targets. */
    public FilecastHistory filecastHistory(String sha, Instant from, Instant to, Duration step) {
        return filecastHistory.history(filecast(sha), from, to, step);
    }

    /** The status totals as a series; HistoryRequestException for a range outside the horizon or of too many points. */
    public SwarmHistory history(Instant from, Instant to, Duration step) {
        return history.series(from, to, step);
    }

    /** The first {@code limit} rows of the population in {@code sort} order (all for 0). */
    public PeersPage peers(PeerSort sort, int limit) {
        return peers.peers(sort, limit);
    }

    /** {@code swarm peers} as it was at {@code at}; HistoryRequestException for a moment outside the horizon. */
    public PeersPage peers(PeerSort sort, int limit, Instant at) {
        return peers.peersAt(sort, limit, at);
    }

    public RefusedSeeds refused() {
        return refused.refused();
    }

    public EnvoyDetail envoy(String hostname) {
        return envoy(hostname, false);
    }

    /** One envoy, from the instance that owns its partition; {@code forwarded} requests are answered here or not at all. */
    public EnvoyDetail envoy(String hostname, boolean forwarded) {
        return envoy.envoy(hostname, forwarded);
    }

    /** One envoy as of {@code at} (SPEC §12); HistoryRequestException for a moment outside the horizon. */
    public EnvoyDetail envoy(String hostname, Instant at, boolean forwarded) {
        return envoy.envoy(hostname, at, forwarded);
    }

    public EnvoyList envoys() {
        return envoys.envoys();
    }

    public ManifestEntries filecasts() {
        return filecasts.filecasts();
    }

    public ManifestEntries.Entry filecast(String sha) {
        return filecast(sha, false);
    }

    public ManifestEntries.Entry filecast(String sha, boolean forwarded) {
        return filecasts.filecast(sha, forwarded);
    }

    /** One manifest entry as of {@code at} (SPEC §12); HistoryRequestException for a moment outside the horizon. */
    public ManifestEntries.Entry filecast(String sha, Instant at, boolean forwarded) {
        return filecasts.filecast(sha, at, forwarded);
    }

    public FilecastHolders holders(String sha) {
        return holders.holders(sha);
    }
}
