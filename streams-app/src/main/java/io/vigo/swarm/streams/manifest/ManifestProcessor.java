package io.vigo.swarm.streams.manifest;

import io.vigo.swarm.events.ManifestPurged;
import io.vigo.swarm.events.ManifestRevoked;
import io.vigo.swarm.events.RevokeReason;
import io.vigo.swarm.events.rules.EventRules;
import io.vigo.swarm.events.rules.InvalidEventException;
import io.vigo.swarm.streams.history.HistoryHorizon;
import io.vigo.swarm.streams.history.RecordVersions;
import io.vigo.swarm.streams.history.Totals;
import io.vigo.swarm.streams.history.TotalsHistory;
import io.vigo.swarm.streams.state.DeadlineIndex;
import io.vigo.swarm.streams.state.EarlyAdmin;
import io.vigo.swarm.streams.state.EntryState;
import io.vigo.swarm.streams.state.EntryStateChange;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.ManifestEntryState;
import io.vigo.swarm.streams.state.ManifestTotals;
import io.vigo.swarm.streams.state.SeederChange;
import io.vigo.swarm.streams.state.SeederRelation;
import io.vigo.swarm.streams.state.SinkNames;
import io.vigo.swarm.streams.state.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The manifest side of the topology, partitioned by sha: publishes an entry on its first accepted
 * seed, keeps the effective seeders as "sha|host" relations, applies revokes and purges, revokes
 * an entry (reason "expired") when its retention runs out, keeps the partition's manifest totals,
 * and tells each seeder the state of the entry it seeds.
 */
public final class ManifestProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private ProcessorContext<String, SpecificRecord> context;
    private int partition;
    private KeyValueStore<String, ManifestEntryState> manifest;
    private KeyValueStore<String, SeederRelation> seeders;
    private KeyValueStore<Integer, ManifestTotals> totals;
    private TotalsHistory<ManifestTotals> history;
    private DeadlineIndex expiries;
    /** Every entry as it was from each change on (SPEC §12: {@code swarm filecast show --at}). */
    private RecordVersions versions;
    private KeyValueStore<String, EarlyAdmin> earlyAdmin;

    private final Duration horizon;

    public ManifestProcessor(Duration horizon) {
        this.horizon = horizon;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.partition = context.taskId().partition();
        this.manifest = context.getStateStore(StoreNames.MANIFEST);
        this.versions = new RecordVersions(context.getStateStore(StoreNames.MANIFEST_VERSIONS), horizon);
        versions.startFrom(RecordVersions.Kind.ENTRY, manifest.all());
        versions.started();
        this.seeders = context.getStateStore(StoreNames.ENTRY_SEEDERS);
        this.totals = context.getStateStore(StoreNames.MANIFEST_TOTALS);
        this.history = new TotalsHistory<>(context.getStateStore(StoreNames.MANIFEST_HISTORY), Totals.MANIFEST, !HistoryHorizon.off(horizon));
        ManifestTotals current = totals.get(partition);
        history.startFrom(context.currentSystemTimeMs(), current == null ? new ManifestTotals() : current);
        this.expiries = new DeadlineIndex(context.getStateStore(StoreNames.MANIFEST_EXPIRIES));
        this.earlyAdmin = context.getStateStore(StoreNames.EARLY_ADMIN);
        context.schedule(EXPIRY_TICK, PunctuationType.WALL_CLOCK_TIME, this::expireDue);
        context.schedule(HistoryHorizon.PRUNE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> history.pruneBefore(now - horizon.toMillis()));
    }

    /** Retention is in seconds: a one-second tick is as fine as it needs to be. */
    static final Duration EXPIRY_TICK = Duration.ofSeconds(1);

    /** Revokes (reason "expired") every active entry whose retention ran out, as of the moment it ran out. */
    private void expireDue(long now) {
        for (KeyValue<Bytes, String> entry : expiries.takeDue(now)) {
            ManifestEntryState before = manifest.get(entry.value);
            if (before != null && before.getActive()) {
                long expiredAt = before.getPublishedAtMs() + TimeUnit.SECONDS.toMillis(before.getRetentionSeconds());
                revoke(before, "expired", expiredAt, expiredAt);
            }
        }
    }



    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (record.key() == null || value == null) {
            throw new InvalidEventException("record without key or value");
        }
        if (value instanceof SeederChange change) {
            seederChanged(change, record.timestamp());
        } else if (value instanceof ManifestRevoked revoked) {
            revoked(record.key(), revoked, record.timestamp());
        } else if (value instanceof ManifestPurged purged) {
            purged(record.key(), purged, record.timestamp());
        } else {
            throw new InvalidEventException(value.getSchema().getFullName() + " does not belong on the manifest topics");
        }
    }

    private void seederChanged(SeederChange change, long ts) {
        String sha = change.getSha();
        String relationKey = Keys.pair(sha, change.getHostname());
        ManifestEntryState before = manifest.get(sha);
        if (!change.getEffective()) {
            if (before != null && seeders.get(relationKey) != null) {
                seeders.delete(relationKey);
                put(before, ManifestEntryState.newBuilder(before).setSeeders(before.getSeeders() - 1).build(), ts);
            }
            return;
        }
        EarlyAdmin early = before == null ? applicableEarlyAdmin(sha, change.getAnnouncedAtMs()) : null;
        if (early != null && early.getPurgedTs() >= 0) {
            tell(change.getHostname(), sha, EntryState.GONE, ts); // published, revoked and purged before this seed was heard of
            return;
        }
        ManifestEntryState after = before != null ? ManifestEntryState.newBuilder(before).build() : ManifestEntryState.newBuilder()
                .setSha(sha)
                .setLabel(change.getLabel())
                .setSubsystem(change.getSubsystem())
                .setSizeBytes(change.getSizeBytes())
                .setTarget(change.getTarget())
                .setRetentionSeconds(change.getRetentionSeconds())
                .setActive(early == null)
                .setRevokeReason(early == null ? "" : early.getRevokeReason())
                .setRevokedAtMs(early == null ? 0 : early.getRevokedAtMs())
                .setPublishedAtMs(change.getAnnouncedAtMs())
                .build();
        if (early != null) {
            earlyAdmin.delete(sha);
        }
        if (seeders.get(relationKey) == null) {
            seeders.put(relationKey, new SeederRelation(ts));
            after.setSeeders(after.getSeeders() + 1);
        }
        if (before == null && after.getActive() && after.getRetentionSeconds() > 0) {
            long expiresAt = after.getPublishedAtMs() + TimeUnit.SECONDS.toMillis(after.getRetentionSeconds());
            expiries.put(expiresAt, sha);
        }
        put(before, after, ts);
        tell(change.getHostname(), sha, after.getActive() ? EntryState.ACTIVE : EntryState.REVOKED, ts);
    }

    private void revoked(String key, ManifestRevoked event, long ts) {
        EventRules.sha(event.getSha());
        requireKey(key, event.getSha());
        ManifestEntryState before = manifest.get(key);
        RevokeReason reason = event.getReason() == null ? RevokeReason.UNKNOWN : event.getReason();
        String reasonName = reason.name().toLowerCase(Locale.ROOT);
        if (before == null) {
            if (earlyAdmin.get(key) == null) {
                earlyAdmin.put(key, new EarlyAdmin(ts, reasonName, event.getRequestedAt().toEpochMilli(), -1L));
            }
            return;
        }
        if (!before.getActive()) {
            return; // already revoked: nothing to change
        }
        revoke(before, reasonName, event.getRequestedAt().toEpochMilli(), ts);
    }

    /**
     * A revoke that came before the entry, if it applies to a seed announced at {@code announcedAtMs}.
     * Only entries the API shows can be revoked, so a revoke in the log names an entry that existed
     * then: it applies whenever the entry appears, whatever the announcement time says (on a
     * catch-up the allowlist, one hop behind, can make the first effective seed a late one). After
     * a purge, a seed announced later publishes the entry afresh, as it would have live.
     */
    private EarlyAdmin applicableEarlyAdmin(String sha, long announcedAtMs) {
        EarlyAdmin early = earlyAdmin.get(sha);
        if (early == null || (early.getPurgedTs() >= 0 && announcedAtMs > early.getPurgedTs())) {
            return null;
        }
        return early;
    }

    private void revoke(ManifestEntryState before, String reason, long revokedAtMs, long ts) {
        ManifestEntryState after = ManifestEntryState.newBuilder(before)
                .setActive(false)
                .setRevokeReason(reason)
                .setRevokedAtMs(revokedAtMs)
                .build();
        put(before, after, ts);
        seedersOf(before.getSha()).forEach(host -> tell(host, before.getSha(), EntryState.REVOKED, ts));
    }

    private void purged(String key, ManifestPurged event, long ts) {
        EventRules.sha(event.getSha());
        requireKey(key, event.getSha());
        ManifestEntryState before = manifest.get(key);
        if (before == null) {
            EarlyAdmin early = earlyAdmin.get(key);
            if (early != null && early.getPurgedTs() < 0) {
                earlyAdmin.put(key, EarlyAdmin.newBuilder(early).setPurgedTs(ts).build());
            }
            return;
        }
        if (before.getActive()) {
            return; // purging an active entry does nothing; revoke it first
        }
        for (String host : seedersOf(key)) {
            seeders.delete(Keys.pair(key, host));
            tell(host, key, EntryState.GONE, ts);
        }
        put(before, null, ts);
    }

    /** Stores the entry, moves the partition's totals by the change, and records that change in their history at {@code ts}. */
    private void put(ManifestEntryState before, ManifestEntryState after, long ts) {
        String sha = before != null ? before.getSha() : after.getSha();
        if (after == null) {
            manifest.delete(sha);
        } else {
            manifest.put(sha, after);
        }
        versions.record(sha, RecordVersions.Kind.ENTRY, "", after, ts);
        ManifestTotals current = totals.get(partition);
        ManifestTotals next = ManifestTotals.newBuilder(current == null ? new ManifestTotals() : current).build();
        add(next, before, -1);
        add(next, after, +1);
        totals.put(partition, next);
        ManifestTotals difference = new ManifestTotals();
        add(difference, before, -1);
        add(difference, after, +1);
        history.record(ts, difference);
    }

    private static void add(ManifestTotals totals, ManifestEntryState entry, int sign) {
        if (entry == null) {
            return;
        }
        if (!entry.getActive()) {
            totals.setRevoked(totals.getRevoked() + sign);
            return;
        }
        totals.setActive(totals.getActive() + sign);
        switch (entry.getSubsystem()) {
            case "payload" -> totals.setActivePayload(totals.getActivePayload() + sign);
            case "gitback" -> totals.setActiveGitback(totals.getActiveGitback() + sign);
            default -> { }
        }
    }

    private List<String> seedersOf(String sha) {
        List<String> hosts = new ArrayList<>();
        try (KeyValueIterator<String, SeederRelation> it = seeders.prefixScan(Keys.prefix(sha), new StringSerializer())) {
            it.forEachRemaining(entry -> hosts.add(Keys.second(entry.key)));
        }
        return hosts;
    }

    private void tell(String host, String sha, EntryState state, long ts) {
        context.forward(new Record<String, SpecificRecord>(host, new EntryStateChange(host, sha, state), ts), SinkNames.ENTRY_STATES);
    }

    private static void requireKey(String key, String sha) {
        if (!key.equals(sha)) {
            throw new InvalidEventException("record key \"" + key + "\" differs from the event's sha");
        }
    }
}
