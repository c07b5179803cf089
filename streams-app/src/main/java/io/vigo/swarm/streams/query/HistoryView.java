package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.SwarmHistory;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.streams.history.Totals;
import io.vigo.swarm.streams.history.TotalsHistory;
import io.vigo.swarm.streams.history.ValueHistory;
import io.vigo.swarm.streams.state.AllowlistState;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.ManifestTotals;
import io.vigo.swarm.streams.state.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code swarm status} as of a moment, and its totals as a series (SPEC §12): every partition
 * answers from its totals' history (one checkpoint and the changes after it per moment, whatever
 * the fleet size), the asking instance adds the partitions up.
 */
final class HistoryView {

    /** A series has at most this many points: enough for a week by the quarter hour. */
    static final int MAX_POINTS = 1_000;

    /** The moments one partition is asked about, in milliseconds. */
    record Moments(List<Long> atMs) {
    }

    /** One envoy-side partition: where its history starts, its fleet totals at each moment, and the allowlist at the first. */
    record FleetAt(long startMs, List<StatusView.FleetPart> totals, List<String> patterns, String serverHostname) {
    }

    /** One manifest-side partition: where its history starts, and its manifest totals at each moment. */
    record ManifestAt(long startMs, List<StatusView.ManifestPart> totals) {
    }

    private final QueryContext context;
    private final Duration horizon;
    private final StatusView live;
    final PartialQuery<Moments, FleetAt> fleetAt;
    final PartialQuery<Moments, ManifestAt> manifestAt;

    HistoryView(QueryContext context, Duration horizon, StatusView live) {
        this.context = context;
        this.horizon = horizon;
        this.live = live;
        this.fleetAt = new PartialQuery<>("fleet-at", Moments.class, FleetAt.class, (partition, moments) -> {
            ReadOnlyKeyValueStore<Bytes, FleetTotals> store = context.stores().partition(StoreNames.FLEET_HISTORY, partition);
            if (store == null) {
                return null;
            }
            List<StatusView.FleetPart> totals = new ArrayList<>(moments.atMs().size());
            for (long at : moments.atMs()) {
                totals.add(StatusView.FleetPart.of(TotalsHistory.asOf(store, Totals.FLEET, at)));
            }
            ReadOnlyKeyValueStore<Bytes, AllowlistState> allowlists = context.sibling(StoreNames.ALLOWLIST_HISTORY, partition);
            AllowlistState allowlist = ValueHistory.asOf(allowlists, moments.atMs().get(0));
            return new FleetAt(TotalsHistory.start(store), totals, allowlist == null ? List.of() : List.copyOf(allowlist.getPatterns()),
                    allowlist == null ? "" : allowlist.getServerHostname());
        });
        this.manifestAt = new PartialQuery<>("manifest-at", Moments.class, ManifestAt.class, (partition, moments) -> {
            ReadOnlyKeyValueStore<Bytes, ManifestTotals> store = context.stores().partition(StoreNames.MANIFEST_HISTORY, partition);
            if (store == null) {
                return null;
            }
            List<StatusView.ManifestPart> totals = new ArrayList<>(moments.atMs().size());
            for (long at : moments.atMs()) {
                totals.add(StatusView.ManifestPart.of(TotalsHistory.asOf(store, Totals.MANIFEST, at)));
            }
            return new ManifestAt(TotalsHistory.start(store), totals);
        });
        context.partials().register(fleetAt);
        context.partials().register(manifestAt);
    }

    /** {@code swarm status} as it was at {@code at}. */
    SwarmStatus statusAt(Instant moment) {
        Instant at = moment.truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // history's resolution
        requireWithinHorizon("at", at, context.now(), horizon);
        Sums sums = gather(List.of(at.toEpochMilli()));
        Point p = sums.points.get(0);
        return new SwarmStatus(context.now(), sums.complete, context.lag(), p.online, p.population, p.active, p.seeding, p.footprint,
                p.manifestActive, p.revoked, p.payload, p.gitback,
                new SwarmStatus.SeedingAllowlist(sums.serverHostname, sums.patterns), live.deadLetters(), at);
    }

    /** The status totals from {@code from} to {@code to}, a point every {@code step}. */
    SwarmHistory series(Instant from, Instant to, Duration step) {
        requireSeries(from, to, step, context.now(), horizon);
        List<Long> moments = new ArrayList<>();
        for (long at = from.toEpochMilli(); at <= to.toEpochMilli(); at += step.toMillis()) {
            moments.add(at);
        }
        Sums sums = gather(moments);
        List<SwarmHistory.Point> series = new ArrayList<>(moments.size());
        for (int i = 0; i < moments.size(); i++) {
            Point p = sums.points.get(i);
            series.add(new SwarmHistory.Point(Instant.ofEpochMilli(moments.get(i)), p.online, p.population, p.active, p.seeding,
                    p.footprint, p.manifestActive, p.revoked));
        }
        return new SwarmHistory(context.now(), sums.complete, context.lag(), from, to, step.toSeconds(), series);
    }

    /** A series' range: from before to, both within the horizon, at most {@link #MAX_POINTS} steps. */
    static void requireSeries(Instant from, Instant to, Duration step, Instant now, Duration horizon) {
        if (!from.isBefore(to)) {
            throw new HistoryRequestException("from (" + from + ") must be before to (" + to + ")");
        }
        requireWithinHorizon("from", from, now, horizon);
        requireWithinHorizon("to", to, now, horizon);
        long points = Duration.between(from, to).toMillis() / step.toMillis() + 1;
        if (points > MAX_POINTS) {
            throw new HistoryRequestException("from " + from + " to " + to + " by " + step.toSeconds() + " s is " + points
                    + " points; at most " + MAX_POINTS + ": take a longer step");
        }
    }

    /** A moment in the future, or older than the horizon, is refused with the horizon named (never a guess). */
    static void requireWithinHorizon(String name, Instant at, Instant clock, Duration horizon) {
        if (horizon.isZero()) {
            throw new HistoryRequestException("history is off on this server (history.horizon.days=0): it answers only the present");
        }
        Instant now = clock.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (at.isAfter(clock)) {
            throw new HistoryRequestException(name + " " + at + " is in the future (now is " + now + ")");
        }
        Instant oldest = now.minus(horizon);
        if (at.isBefore(oldest)) {
            throw new HistoryRequestException(name + " " + at + " is outside the history horizon of " + horizon.toDays()
                    + " days (" + oldest + " to now)");
        }
    }

    private static final class Point {
        long online, population, active, seeding, footprint, manifestActive, revoked, payload, gitback;
    }

    private record Sums(List<Point> points, boolean complete, List<String> patterns, String serverHostname) {
    }

    private Sums gather(List<Long> moments) {
        Moments argument = new Moments(moments);
        Partials.Gathered<FleetAt> fleet = context.partials().gather(fleetAt, argument);
        Partials.Gathered<ManifestAt> manifest = context.partials().gather(manifestAt, argument);
        QueryContext.requireAnyPartition(fleet.byPartition());
        requireHistoryFrom(moments.get(0), fleet.byPartition().values().stream().mapToLong(FleetAt::startMs).max().orElse(0),
                manifest.byPartition().values().stream().mapToLong(ManifestAt::startMs).max().orElse(0));
        List<Point> points = new ArrayList<>(moments.size());
        for (int i = 0; i < moments.size(); i++) {
            Point p = new Point();
            for (FleetAt part : fleet.byPartition().values()) {
                StatusView.FleetPart t = part.totals().get(i);
                p.online += t.online();
                p.population += t.population();
                p.active += t.substrateActive();
                p.seeding += t.seedingEnvoys();
                p.footprint += t.footprintBytes();
            }
            for (ManifestAt part : manifest.byPartition().values()) {
                StatusView.ManifestPart t = part.totals().get(i);
                p.manifestActive += t.active();
                p.revoked += t.revoked();
                p.payload += t.activePayload();
                p.gitback += t.activeGitback();
            }
            points.add(p);
        }
        FleetAt withAllowlist = fleet.byPartition().values().stream().filter(f -> !f.serverHostname().isEmpty()).findFirst()
                .orElse(fleet.byPartition().values().iterator().next());
        return new Sums(points, fleet.complete() && manifest.complete(), withAllowlist.patterns(), withAllowlist.serverHostname());
    }

    /** A store that predates history, or whose oldest part was pruned, cannot answer before its start. */
    private static void requireHistoryFrom(long firstMs, long fleetStartMs, long manifestStartMs) {
        long start = Math.max(fleetStartMs, manifestStartMs);
        if (firstMs < start) {
            throw new HistoryRequestException(Instant.ofEpochMilli(firstMs) + " is before the views' history starts ("
                    + Instant.ofEpochMilli(start) + ")");
        }
    }
}
