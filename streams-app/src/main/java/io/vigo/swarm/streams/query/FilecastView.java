package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.EntryState;
import io.vigo.swarm.api.ManifestEntries;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.streams.state.ManifestEntryState;
import io.vigo.swarm.streams.state.StoreNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@code swarm filecast list} and one entry: the manifest, active and revoked entries. */
final class FilecastView {

    /** One partition's manifest entries. */
    record Part(List<ManifestEntries.Entry> entries) {
    }

    private final QueryContext context;
    final PartialQuery<PartialQuery.NoArgument, Part> manifestEntries;

    FilecastView(QueryContext context) {
        this.context = context;
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
        var owner = context.router().forwardTo(StoreNames.MANIFEST, sha, forwarded);
        if (owner.isPresent()) {
            return context.router().fetch(owner.get(), VigoApiClient.BASE_PATH + "/swarm/filecast/" + sha, ManifestEntries.Entry.class);
        }
        int partition = context.stores().partitionOf(StoreNames.MANIFEST, sha);
        ReadOnlyKeyValueStore<String, ManifestEntryState> store = partition < 0 ? null : context.stores().partition(StoreNames.MANIFEST, partition);
        if (store == null) {
            throw new ViewsUnavailableException("the manifest partition of " + sha + " is not readable here yet");
        }
        ManifestEntryState entry;
        try {
            entry = store.get(sha);
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("the manifest partition of " + sha + " is restoring or moving");
        }
        if (entry == null) {
            throw new NotFoundException("no manifest entry " + sha);
        }
        return entry(entry);
    }

    private static ManifestEntries.Entry entry(ManifestEntryState e) {
        return new ManifestEntries.Entry(e.getSha(), e.getLabel(), e.getSubsystem(), e.getSizeBytes(),
                e.getTarget(), e.getRetentionSeconds(), e.getActive() ? EntryState.ACTIVE : EntryState.REVOKED,
                e.getActive() ? null : e.getRevokeReason(), Instant.ofEpochMilli(e.getPublishedAtMs()),
                e.getRevokedAtMs() > 0 ? Instant.ofEpochMilli(e.getRevokedAtMs()) : null, e.getSeeders());
    }
}
