package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedManifestBroken;
import io.vigo.swarm.events.rules.EventRules;
import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.history.ValueHistory;
import io.vigo.swarm.streams.state.AllowlistState;
import io.vigo.swarm.streams.state.EntryState;
import io.vigo.swarm.streams.state.EntryStateChange;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.HostSeed;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.RecordKind;
import io.vigo.swarm.streams.state.SeedProblem;
import io.vigo.swarm.streams.state.SeederChange;
import io.vigo.swarm.streams.state.SinkNames;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.topics.TopicNames;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The seeds each envoy announced ("host|sha", refused ones included), the manifests it could not
 * read, and the allowlist that decides which seeds count. The manifest side hears from here when
 * a host becomes or stops being an effective seeder (allowed, in the population); it answers with
 * the entry's state, which decides the envoy's SEEDING count.
 */
final class SeedBook {

    private final ProcessorContext<String, SpecificRecord> context;
    private final FleetLedger ledger;
    private final KeyValueStore<String, HostSeed> seeds;
    private final KeyValueStore<String, SeedProblem> problems;
    private final KeyValueStore<String, AllowlistState> allowlistStore;
    private final KeyValueStore<Bytes, AllowlistState> allowlistHistory;
    private Allowlist allowlist;

    private final HostHistory history;

    SeedBook(ProcessorContext<String, SpecificRecord> context, FleetLedger ledger, HostHistory history) {
        this.history = history;
        this.context = context;
        this.ledger = ledger;
        this.seeds = context.getStateStore(StoreNames.ENVOY_SEEDS);
        this.problems = context.getStateStore(StoreNames.SEED_PROBLEMS);
        this.allowlistStore = context.getStateStore(StoreNames.ALLOWLIST);
        AllowlistState stored = allowlistStore.get(TopicNames.ALLOWLIST_SETTING);
        this.allowlist = stored == null ? Allowlist.NONE : new Allowlist(stored);
        this.allowlistHistory = context.getStateStore(StoreNames.ALLOWLIST_HISTORY);
        if (stored != null && ValueHistory.asOf(allowlistHistory, Long.MAX_VALUE) == null) {
            ValueHistory.put(allowlistHistory, 0, stored); // a store that predates history: its allowlist, from the start
        }
    }

    void pruneAllowlistHistory(long cutoffMs) {
        ValueHistory.pruneBefore(allowlistHistory, cutoffMs);
    }

    /** A resync's seed list, validated whole before anything is applied. */
    static Map<String, SeedManifest> manifests(List<SeedManifest> announced) {
        Map<String, SeedManifest> incoming = new LinkedHashMap<>();
        for (SeedManifest seed : announced) {
            EventRules.seed(seed);
            incoming.put(seed.getSha(), seed);
        }
        return incoming;
    }

    void put(EnvoyState envoy, SeedManifest manifest, long ts) {
        put(envoy, manifest, seeds.get(Keys.pair(envoy.getHostname(), manifest.getSha())), ts);
    }

    /** Announces {@code manifest} for the envoy, which held {@code old} for its sha until now (null: none). */
    private void put(EnvoyState envoy, SeedManifest manifest, HostSeed old, long ts) {
        String host = envoy.getHostname();
        HostSeed seed = HostSeed.newBuilder()
                .setLabel(manifest.getLabel())
                .setSubsystem(manifest.getSubsystem().name().toLowerCase(Locale.ROOT))
                .setSizeBytes(manifest.getSizeBytes())
                .setTarget(manifest.getTarget())
                .setRetentionSeconds(manifest.getRetentionSeconds())
                .setAllowed(allowlist.allows(host))
                .setEntryState(old == null ? EntryState.PENDING : old.getEntryState())
                .setAnnouncedAtMs(old == null ? ts : old.getAnnouncedAtMs())
                .build();
        if (!seed.equals(old)) {
            replace(envoy, manifest.getSha(), old, seed, ts);
        }
    }

    void remove(EnvoyState envoy, String sha, long ts) {
        HostSeed old = seeds.get(Keys.pair(envoy.getHostname(), sha));
        if (old != null) {
            replace(envoy, sha, old, null, ts);
        }
    }

    /**
     * The envoy's seeds within {@code range} become exactly {@code incoming}: seeds it no longer
     * announces are withdrawn. One scan reads every seed the envoy holds, as for its peer records.
     */
    void replaceRange(EnvoyState envoy, ShaRange range, Map<String, SeedManifest> incoming, long ts) {
        Map<String, HostSeed> held = Keys.bySecond(seeds, envoy.getHostname());
        held.forEach((sha, old) -> {
            if (range.contains(sha) && !incoming.containsKey(sha)) {
                replace(envoy, sha, old, null, ts);
            }
        });
        incoming.values().forEach(seed -> put(envoy, seed, held.get(seed.getSha()), ts));
    }

    static void validate(SeedManifestBroken event) {
        EventRules.text("path", event.getPath());
        EventRules.text("reason", event.getReason());
    }

    void broken(EnvoyState envoy, SeedManifestBroken event, long ts) {
        SeedProblem problem = new SeedProblem(event.getReason(), ts);
        problems.put(Keys.pair(envoy.getHostname(), event.getPath()), problem);
        history.record(envoy.getHostname(), RecordKind.PROBLEM, event.getPath(), problem, ts);
    }

    /** The manifest side's answer: the entry a host seeds is active, revoked or gone. */
    void entryStateChanged(EntryStateChange change, long ts) {
        String storeKey = Keys.pair(change.getHostname(), change.getSha());
        HostSeed old = seeds.get(storeKey);
        EnvoyState before = ledger.get(change.getHostname());
        if (old == null || before == null || old.getEntryState() == change.getState()) {
            return; // withdrawn meanwhile, or nothing new
        }
        EnvoyChange envoy = EnvoyChange.of(change.getHostname(), before);
        HostSeed seed = HostSeed.newBuilder(old).setEntryState(change.getState()).build();
        seeds.put(storeKey, seed);
        history.record(change.getHostname(), RecordKind.SEED, change.getSha(), seed, ts);
        history.note(change.getHostname(), ts, "seed-" + change.getState().name().toLowerCase(Locale.ROOT), change.getSha(), old.getLabel());
        envoy.after().setSeeding(envoy.after().getSeeding() - seedingOf(old) + seedingOf(seed));
        ledger.commit(envoy, ts);
    }

    /** A new allowlist: every seed of this partition is judged again. */
    void allowlistChanged(AllowlistState state, long ts) {
        allowlistStore.put(TopicNames.ALLOWLIST_SETTING, state);
        ValueHistory.put(allowlistHistory, ts, state);
        allowlist = new Allowlist(state);
        Map<String, HostSeed> changed = new LinkedHashMap<>();
        try (KeyValueIterator<String, HostSeed> it = seeds.all()) {
            while (it.hasNext()) {
                KeyValue<String, HostSeed> entry = it.next();
                boolean allowed = allowlist.allows(Keys.first(entry.key));
                if (allowed != entry.value.getAllowed()) {
                    changed.put(entry.key, HostSeed.newBuilder(entry.value).setAllowed(allowed).build());
                }
            }
        }
        Map<String, EnvoyChange> envoys = new HashMap<>();
        changed.forEach((storeKey, seed) -> {
            EnvoyChange envoy = envoys.computeIfAbsent(Keys.first(storeKey), ledger::open);
            replace(envoy.after(), Keys.second(storeKey), seeds.get(storeKey), seed, ts);
        });
        envoys.values().forEach(envoy -> ledger.commit(envoy, ts));
    }

    /** The envoy entered or left the population: its allowed seeds start or stop counting. */
    void populationChanged(String host, boolean inPopulation, long ts) {
        try (KeyValueIterator<String, HostSeed> it = seeds.prefixScan(Keys.prefix(host), new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, HostSeed> entry = it.next();
                if (entry.value.getAllowed()) {
                    tellManifest(host, Keys.second(entry.key), entry.value, inPopulation, ts);
                }
            }
        }
    }

    /** Writes a seed change, keeps SEEDING in step and tells the manifest side if the host's seeder status changed. */
    private void replace(EnvoyState envoy, String sha, HostSeed old, HostSeed seed, long ts) {
        String storeKey = Keys.pair(envoy.getHostname(), sha);
        if (old == null || seed == null || old.getAllowed() != seed.getAllowed()) {
            HostSeed named = seed != null ? seed : old;
            String kind = seed == null ? "seed-withdrawn" : !seed.getAllowed() ? "seed-refused" : old == null ? "seed-announced" : "seed-allowed";
            history.note(envoy.getHostname(), ts, kind, sha, named.getLabel());
        }
        if (seed == null) {
            seeds.delete(storeKey);
        } else {
            seeds.put(storeKey, seed);
        }
        history.record(envoy.getHostname(), RecordKind.SEED, sha, seed, ts);
        envoy.setSeeding(envoy.getSeeding() - seedingOf(old) + seedingOf(seed));
        boolean inPopulation = FleetContribution.inPopulation(envoy);
        boolean wasSeeder = inPopulation && old != null && old.getAllowed();
        boolean isSeeder = inPopulation && seed != null && seed.getAllowed();
        if (isSeeder && (!wasSeeder || !sameManifest(old, seed))) {
            tellManifest(envoy.getHostname(), sha, seed, true, ts);
        } else if (wasSeeder && !isSeeder) {
            tellManifest(envoy.getHostname(), sha, old, false, ts);
        }
    }

    private static int seedingOf(HostSeed seed) {
        return seed != null && seed.getAllowed() && seed.getEntryState() == EntryState.ACTIVE ? 1 : 0;
    }

    private static boolean sameManifest(HostSeed a, HostSeed b) {
        return a.getLabel().equals(b.getLabel()) && a.getSubsystem().equals(b.getSubsystem())
                && a.getSizeBytes() == b.getSizeBytes() && a.getTarget().equals(b.getTarget())
                && a.getRetentionSeconds() == b.getRetentionSeconds();
    }

    private void tellManifest(String host, String sha, HostSeed seed, boolean effective, long ts) {
        SeederChange change = SeederChange.newBuilder()
                .setHostname(host).setSha(sha).setEffective(effective)
                .setLabel(seed.getLabel()).setSubsystem(seed.getSubsystem()).setSizeBytes(seed.getSizeBytes())
                .setTarget(seed.getTarget()).setRetentionSeconds(seed.getRetentionSeconds())
                .setAnnouncedAtMs(seed.getAnnouncedAtMs())
                .build();
        context.forward(new Record<String, SpecificRecord>(sha, change, ts), SinkNames.SEEDER_CHANGES);
    }
}
