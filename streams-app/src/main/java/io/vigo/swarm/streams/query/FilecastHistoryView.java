package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.FilecastHistory;
import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.api.ManifestEntries;
import io.vigo.swarm.streams.fleet.FleetContribution;
import io.vigo.swarm.streams.history.BlobHistory;
import io.vigo.swarm.streams.state.BlobChange;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code swarm filecast history}: a payload's holders and downloaders over time, and when it
 * reached half, 90 % and all of the envoys it targets. Peer records are partitioned by hostname,
 * so every partition answers with its own changes of the blob (one range read each) and the
 * asking instance adds them up in time order.
 */
final class FilecastHistoryView {

    /** Which blob, up to when. */
    record Blob(String sha, long toMs) {
    }

    /** One partition's changes of the blob, oldest first. */
    record Changes(List<BlobHistory.Change> changes) {
    }

    /** A target pattern. */
    record Pattern(String pattern) {
    }

    /** How many of one partition's population the pattern picks. */
    record Count(long envoys) {
    }

    private final QueryContext context;
    private final Duration horizon;
    final PartialQuery<Blob, Changes> changesOf;
    final PartialQuery<Pattern, Count> targetsOf;

    FilecastHistoryView(QueryContext context, Duration horizon) {
        this.context = context;
        this.horizon = horizon;
        this.changesOf = new PartialQuery<>("filecast-changes", Blob.class, Changes.class, (partition, blob) -> {
            ReadOnlyKeyValueStore<Bytes, BlobChange> store = context.stores().partition(StoreNames.BLOB_HISTORY, partition);
            return store == null ? null : new Changes(BlobHistory.read(store, blob.sha(), blob.toMs()));
        });
        this.targetsOf = new PartialQuery<>("filecast-targets", Pattern.class, Count.class, (partition, pattern) -> {
            ReadOnlyKeyValueStore<String, EnvoyState> fleet = context.stores().partition(StoreNames.FLEET_INDEX, partition);
            if (fleet == null) {
                return null;
            }
            HostPattern picks = HostPattern.compile(pattern.pattern());
            long count = 0;
            try (KeyValueIterator<String, EnvoyState> it = fleet.all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    if (FleetContribution.inPopulation(kv.value) && picks.matches(kv.key)) {
                        count++;
                    }
                }
            }
            return new Count(count);
        });
        context.partials().register(changesOf);
        context.partials().register(targetsOf);
    }

    FilecastHistory history(ManifestEntries.Entry entry, Instant from, Instant to, Duration step) {
        Instant now = context.now();
        HistoryView.requireSeries(from, to, step, now, horizon);
        Partials.Gathered<Changes> parts = context.partials().gather(changesOf, new Blob(entry.sha(), to.toEpochMilli()));
        Partials.Gathered<Count> targets = context.partials().gather(targetsOf, new Pattern(entry.target()));
        QueryContext.requireAnyPartition(parts.byPartition());
        List<BlobHistory.Change> changes = new ArrayList<>();
        parts.byPartition().values().forEach(part -> changes.addAll(part.changes()));
        changes.sort(Comparator.comparingLong(BlobHistory.Change::atMs));
        long targetCount = targets.byPartition().values().stream().mapToLong(Count::envoys).sum();

        List<FilecastHistory.Point> points = new ArrayList<>();
        Instant[] reached = new Instant[3];
        long[] thresholds = {(targetCount + 1) / 2, (targetCount * 9 + 9) / 10, targetCount};
        long holders = 0;
        long downloaders = 0;
        long at = from.toEpochMilli();
        for (BlobHistory.Change change : changes) {
            while (at <= to.toEpochMilli() && at < change.atMs()) {
                points.add(new FilecastHistory.Point(Instant.ofEpochMilli(at), holders, downloaders));
                at += step.toMillis();
            }
            holders += change.holders();
            downloaders += change.downloaders();
            for (int i = 0; i < reached.length; i++) {
                if (reached[i] == null && targetCount > 0 && holders >= thresholds[i] && change.atMs() > 0) {
                    reached[i] = Instant.ofEpochMilli(change.atMs());
                }
            }
        }
        while (at <= to.toEpochMilli()) {
            points.add(new FilecastHistory.Point(Instant.ofEpochMilli(at), holders, downloaders));
            at += step.toMillis();
        }
        return new FilecastHistory(now, parts.complete() && targets.complete(), context.lag(), entry.sha(), entry.label(), entry.target(),
                targetCount, from, to, step.toSeconds(), points, new FilecastHistory.Reached(reached[0], reached[1], reached[2]));
    }
}
