package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.EntryState;
import io.vigo.swarm.api.ManifestEntries;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.streams.state.ManifestEntryState;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.api.Moments;
import io.vigo.swarm.streams.history.RecordVersions;
import io.vigo.swarm.streams.state.RecordVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@code swarm filecast list} and one entry (now or as of a moment): the manifest, active and revoked entries. */
final class FilecastView {

    /** One partition's manifest entries. */
    record Part(List<ManifestEntries.Entry> entries) {
    }

    private final QueryContext context;
    private final Duration horizon;
    final PartialQuery<PartialQuery.NoArgument, Part> manifestEntries;

    FilecastView(QueryContext context, Duration horizon) {
        this.context = context;
        this.horizon = horizon;
        this.manifestEntries = PartialQuery.of("manifest-entries", Part.class, partition -> {
            ReadOnlyKeyValueStore<String, ManifestEntryState> store = context.stores().partition(StoreNames.MANIFEST, partition);
            if (store == null) {
                return null;
            }
            List<ManifestEntries.Entry> entries = new ArrayList<>();
            try (KeyValueIterator<String, ManifestEntryState> it = store.all()) {
                it.forEachRemaining(kv -> entries.add(entry(kv.value)));
            }
            return new Part(entries);
        });
        context.partials().register(manifestEntries);
    }

    ManifestEntries filecasts() {
        Partials.Gathered<Part> parts = context.partials().gather(manifestEntries);
        QueryContext.requireAnyPartition(parts.byPartition());
        List<ManifestEntries.Entry> all = parts.byPartition().values().stream().flatMap(part -> part.entries().stream())
                .sorted(Comparator.comparing(ManifestEntries.Entry::label).thenComparing(ManifestEntries.Entry::sha))
                .toList();
        return new ManifestEntries(context.now(), parts.complete(), context.lag(), all);
    }

    /** One manifest entry, from the instance that owns its sha's partition. */
    ManifestEntries.Entry filecast(String sha, boolean forwarded) {
        return filecast(sha, null, forwarded);
    }

    /** One manifest entry now, or as it was at {@code at} (SPEC §12), from the instance that owns its sha's partition. */
    ManifestEntries.Entry filecast(String sha, Instant moment, boolean forwarded) {
        Instant at = moment == null ? null : moment.truncatedTo(ChronoUnit.MILLIS); // history's resolution
        if (at != null) {
            HistoryView.requireWithinHorizon("at", at, context.now(), horizon);
        }
        var owner = context.router().forwardTo(StoreNames.MANIFEST, sha, forwarded);
        if (owner.isPresent()) {
            return context.router().fetch(owner.get(), VigoApiClient.BASE_PATH + "/swarm/filecast/" + sha
                    + (at == null ? "" : "?at=" + Moments.rfc3339(at)), ManifestEntries.Entry.class);
        }
        int partition = context.stores().partitionOf(StoreNames.MANIFEST, sha);
        ReadOnlyKeyValueStore<String, ManifestEntryState> entries = partition < 0 ? null : context.stores().partition(StoreNames.MANIFEST, partition);
        ReadOnlyKeyValueStore<Bytes, RecordVersion> versions = partition < 0 ? null : context.stores().partition(StoreNames.MANIFEST_VERSIONS, partition);
        if (entries == null || versions == null) {
            throw new ViewsUnavailableException("the manifest partition of " + sha + " is not readable here yet");
        }
        ManifestEntryState entry;
        try {
            entry = at == null ? entries.get(sha)
                    : (ManifestEntryState) RecordVersions.asOf(versions, sha, at.toEpochMilli()).get(RecordVersions.Kind.ENTRY).get("");
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("the manifest partition of " + sha + " is restoring or moving");
        }
        if (entry == null) {
            throw new NotFoundException("no manifest entry " + sha + (at == null ? "" : " at " + at));
        }
        return entry(entry, at);
    }

    private static ManifestEntries.Entry entry(ManifestEntryState e) {
        return entry(e, null);
    }

    private static ManifestEntries.Entry entry(ManifestEntryState e, Instant asOf) {
        return new ManifestEntries.Entry(e.getSha(), e.getLabel(), e.getSubsystem(), e.getSizeBytes(),
                e.getTarget(), e.getRetentionSeconds(), e.getActive() ? EntryState.ACTIVE : EntryState.REVOKED,
                e.getActive() ? null : e.getRevokeReason(), Instant.ofEpochMilli(e.getPublishedAtMs()),
                e.getRevokedAtMs() > 0 ? Instant.ofEpochMilli(e.getRevokedAtMs()) : null, e.getSeeders(), asOf);
    }
}
