package io.vigo.swarm.local.verify;

import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.api.Tags;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.CacheResyncPage;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.EnvoyUntagged;
import io.vigo.swarm.events.EventDeserializer;
import io.vigo.swarm.events.ManifestPurged;
import io.vigo.swarm.events.ManifestRevoked;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.RegistrySerdes;
import io.vigo.swarm.events.SeedAnnounced;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedWithdrawn;
import io.vigo.swarm.events.SeedingAllowlistSet;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.events.TaskAssigned;
import io.vigo.swarm.events.TaskDispatched;
import io.vigo.swarm.events.TaskOutcome;
import io.vigo.swarm.events.TaskResult;
import io.vigo.swarm.events.UndecodableEventException;
import io.vigo.swarm.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An independent recomputation of the views from the event topics, with nothing but a plain
 * read_committed consumer, the schemas and the product's rules (SPEC §2–§4), not the topology:
 * who is in the population, each envoy's peer records, seeds and tags, the seeding allowlist, the
 * operators' revokes and purges, and every task's targets and results.
 *
 * <p>It applies the rules per entity in log order, which is all the rules need: latest (epoch,
 * sequence) wins per envoy, a resync replaces the cache and the seeds, a decommission after the
 * last check-in retires the envoy. What depends on how topics interleave (which seeder published
 * an entry first) is left to {@link ViewComparison}, which only checks what is order-independent.
 */
public final class EventReplay {

    /** What the events say of one envoy. */
    public static final class Envoy {
        long checkInEpoch = -1;
        long checkInSequence = -1;
        long lastCheckInTs = -1;
        /** The interval of the latest accepted check-in: with its time, whether the envoy is online at a moment. */
        long intervalMs;
        long decommissionedTs = -1;
        boolean swarmEnabled;
        long reportEpoch = -1;
        long reportSequence = -1;
        final Map<String, PeerEntry> peers = new TreeMap<>();
        final Map<String, SeedManifest> seeds = new TreeMap<>();
        final Map<String, String> tags = new TreeMap<>();
        /** Task id → the first accepted result's outcome. */
        final Map<String, TaskOutcome> taskResults = new TreeMap<>();

        boolean inPopulation() {
            return lastCheckInTs >= 0 && decommissionedTs <= lastCheckInTs && swarmEnabled;
        }

        /** SPEC §4's rule at {@code atMs}: online while {@code at - lastSeen <= 2.5 x interval}. */
        boolean onlineAt(long atMs) {
            return inPopulation() && atMs - lastCheckInTs <= intervalMs * 5 / 2;
        }

        long cached() {
            return peers.values().stream().filter(p -> p.getState() == PeerState.CACHED).count();
        }

        long downloading() {
            return peers.values().stream().filter(p -> p.getState() == PeerState.DOWNLOADING).count();
        }

        long footprint() {
            return peers.values().stream().filter(p -> p.getState() == PeerState.CACHED).mapToLong(PeerEntry::getBytes).sum();
        }
    }

    /**
     * What the events say of one sha on the manifest side. Revokes and purges are judged in their
     * own log order (one partition per sha): only entries the API shows can be revoked, so a revoke
     * of a seeded sha stands; a purge counts after a revoke. A purged sha is expected gone: verify
     * does not model a seed announced after the purge publishing it again.
     */
    public static final class Payload {
        /** Time of the first seed event naming it, from any host; -1 if never seeded. */
        long firstSeededTs = -1;
        boolean revoked;
        boolean purged;
        /** Every "label|subsystem|size" a seed of it was announced with. */
        final java.util.Set<String> descriptions = new java.util.TreeSet<>();

        boolean revoked() {
            return firstSeededTs >= 0 && revoked;
        }

        boolean purged() {
            return firstSeededTs >= 0 && purged;
        }
    }

    /** A task as dispatched, with its targets. */
    public static final class Task {
        TaskDispatched dispatched;
        final List<String> targets = new ArrayList<>();
    }

    /** Told how far a replay is: records read of all the topics held when it started. */
    @FunctionalInterface
    public interface Progress {
        void replayed(long done, long total);

        /** For callers that show no progress. */
        Progress NONE = (done, total) -> { };
    }

    private final Map<String, Envoy> envoys = new HashMap<>();
    private final Map<String, Payload> payloads = new HashMap<>();
    private final Map<String, Task> tasks = new TreeMap<>();
    private SeedingAllowlistSet allowlist;
    private long undecodable;

    public Map<String, Envoy> envoys() {
        return envoys;
    }

    Map<String, Payload> payloads() {
        return payloads;
    }

    public long seededShas() {
        return payloads.values().stream().filter(p -> p.firstSeededTs >= 0).count();
    }

    /** Tasks by id, with their dispatch record and targets. */
    public Map<String, Task> tasks() {
        return tasks;
    }

    /** The server's own hostname is always allowed; before any allowlist is set nobody else is. */
    boolean allowsSeeding(String hostname) {
        if (allowlist == null) {
            return false;
        }
        if (hostname.equals(allowlist.getServerHostname())) {
            return true;
        }
        for (String pattern : allowlist.getPatterns()) {
            if (HostPattern.compile(pattern).matches(hostname)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads every event topic from the beginning up to the end offsets of the moment it starts.
     * Values are decoded here, one at a time, so a record the streams app dead-lettered as
     * undecodable is skipped and counted like there; a registry that cannot answer stops the replay.
     */
    public static EventReplay read(String bootstrapServers, String registryUrl, TopicNames topics, Progress progress) {
        return read(bootstrapServers, registryUrl, topics, Long.MAX_VALUE, progress);
    }

    /**
     * The views as of {@code atMs} (SPEC §12): the same replay of exactly the records whose
     * timestamp is at or before it (broker append time for check-ins, the producer's for the rest).
     * {@code progress} hears the records read so far of all there are, after every poll.
     */
    public static EventReplay read(String bootstrapServers, String registryUrl, TopicNames topics, long atMs, Progress progress) {
        Map<String, Object> config = new HashMap<>(RegistrySerdes.settings(registryUrl));
        config.put("bootstrap.servers", bootstrapServers);
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", false);
        config.put("key.deserializer", StringDeserializer.class);
        config.put("value.deserializer", ByteArrayDeserializer.class);
        EventReplay replay = new EventReplay();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
                EventDeserializer events = new EventDeserializer()) {
            Map<String, Object> eventSettings = new HashMap<>(RegistrySerdes.settings(registryUrl));
            eventSettings.put(EventDeserializer.TOPIC_PREFIX_CONFIG, topics.prefix());
            events.configure(eventSettings, false);
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.checkins(), topics.envoyReports(), topics.operator(), topics.manifestAdmin(),
                    topics.config(), topics.tasks())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            long total = partitions.stream().mapToLong(tp -> end.get(tp) - start.get(tp)).sum();
            long read = 0;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                var records = consumer.poll(Duration.ofMillis(500));
                read += records.count();
                progress.replayed(read, total);
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.value() == null || record.timestamp() > atMs) {
                        continue; // a tombstone on the compacted config topic: no event; or after the moment asked about
                    }
                    SpecificRecord event;
                    try {
                        event = events.deserialize(record.topic(), record.headers(), record.value());
                    } catch (UndecodableEventException bad) {
                        replay.undecodable++;
                        continue;
                    }
                    replay.apply(record.key(), event, record.timestamp());
                }
            }
        }
        return replay;
    }

    /** Records that did not decode as events (the streams app dead-letters the same ones). */
    public long undecodable() {
        return undecodable;
    }

    /** Applies one event; events the streams app would refuse are skipped the same way. */
    void apply(String key, SpecificRecord event, long ts) {
        if (key == null || event == null) {
            return;
        }
        if (event instanceof SeedingAllowlistSet set) {
            if (set.getPatterns().stream().allMatch(EventReplay::wellFormed) && Hostnames.isValid(set.getServerHostname())) {
                allowlist = set; // a setting with a malformed pattern is refused; the last good one stays
            }
        } else if (event instanceof TaskDispatched d) {
            if (key.equals(d.getTaskId()) && wellFormed(d.getPattern())) {
                tasks.computeIfAbsent(key, k -> new Task()).dispatched = d;
            }
        } else if (event instanceof ManifestRevoked r) {
            if (key.equals(r.getSha())) {
                payloads.computeIfAbsent(key, k -> new Payload()).revoked = true;
            }
        } else if (event instanceof ManifestPurged p) {
            Payload payload = payloads.get(key);
            if (key.equals(p.getSha()) && payload != null && payload.revoked) {
                payload.purged = true;
            }
        } else if (Hostnames.isValid(key)) {
            applyToEnvoy(key, envoys.computeIfAbsent(key, k -> new Envoy()), event, ts);
        }
    }

    private void applyToEnvoy(String key, Envoy envoy, SpecificRecord event, long ts) {
        if (event instanceof EnvoyCheckIn c) {
            if (c.getHostname().equals(key) && c.getIntervalMs() >= 1000 && c.getIntervalMs() <= 86_400_000L
                    && plausible(c.getAgentEpoch(), c.getSequence(), ts, envoy.checkInEpoch, envoy.checkInSequence)
                    && newer(c.getAgentEpoch(), c.getSequence(), envoy.checkInEpoch, envoy.checkInSequence)) {
                envoy.checkInEpoch = c.getAgentEpoch();
                envoy.checkInSequence = c.getSequence();
                envoy.swarmEnabled = c.getSwarmEnabled();
                envoy.intervalMs = c.getIntervalMs();
                envoy.lastCheckInTs = Math.max(envoy.lastCheckInTs, ts);
            }
        } else if (event instanceof EnvoyDecommissioned) {
            envoy.decommissionedTs = Math.max(envoy.decommissionedTs, ts);
        } else if (event instanceof EnvoyTagged t) {
            if (key.equals(t.getHostname()) && Tags.problemWithKey(t.getKey()) == null && Tags.problemWithValue(t.getValue()) == null) {
                envoy.tags.put(t.getKey(), t.getValue());
            }
        } else if (event instanceof EnvoyUntagged u) {
            if (key.equals(u.getHostname()) && Tags.problemWithKey(u.getKey()) == null) {
                envoy.tags.remove(u.getKey());
            }
        } else if (event instanceof TaskAssigned a) {
            Task task = tasks.computeIfAbsent(a.getTaskId(), k -> new Task());
            if (!task.targets.contains(key)) {
                task.targets.add(key);
            }
        } else if (event instanceof PeerRecordUpdated u) {
            if (valid(u.getSha(), u.getState(), u.getBytes()) && report(envoy, u.getAgentEpoch(), u.getSequence(), ts)) {
                envoy.peers.put(u.getSha(), new PeerEntry(u.getSha(), u.getState(), u.getBytes()));
            }
        } else if (event instanceof PeerRecordRemoved r) {
            if (Hostnames.isSha256(r.getSha()) && report(envoy, r.getAgentEpoch(), r.getSequence(), ts)) {
                envoy.peers.remove(r.getSha());
            }
        } else if (event instanceof CacheResync r) {
            if (!r.getPeers().stream().allMatch(p -> valid(p.getSha(), p.getState(), p.getBytes()))
                    || !r.getSeeds().stream().allMatch(EventReplay::valid)
                    || !report(envoy, r.getAgentEpoch(), r.getSequence(), ts)) {
                return;
            }
            envoy.peers.clear();
            r.getPeers().forEach(p -> envoy.peers.put(p.getSha(), p));
            envoy.seeds.clear();
            r.getSeeds().forEach(s -> seeded(envoy, s, ts));
        } else if (event instanceof CacheResyncPage page) {
            java.util.List<String> shas = new java.util.ArrayList<>();
            page.getPeers().forEach(p -> shas.add(p.getSha()));
            page.getSeeds().forEach(s -> shas.add(s.getSha()));
            if (!page.getPeers().stream().allMatch(p -> valid(p.getSha(), p.getState(), p.getBytes()))
                    || !page.getSeeds().stream().allMatch(EventReplay::valid) || !validRange(page.getFromSha(), page.getToSha(), shas)
                    || !report(envoy, page.getAgentEpoch(), page.getSequence(), ts)) {
                return;
            }
            java.util.function.Predicate<String> inRange = sha -> sha.compareTo(page.getFromSha()) >= 0
                    && (page.getToSha() == null || sha.compareTo(page.getToSha()) < 0);
            envoy.peers.keySet().removeIf(inRange);
            page.getPeers().forEach(p -> envoy.peers.put(p.getSha(), p));
            envoy.seeds.keySet().removeIf(inRange);
            page.getSeeds().forEach(s -> seeded(envoy, s, ts));
        } else if (event instanceof SeedAnnounced a) {
            if (valid(a.getSeed()) && report(envoy, a.getAgentEpoch(), a.getSequence(), ts)) {
                seeded(envoy, a.getSeed(), ts);
            }
        } else if (event instanceof SeedWithdrawn w) {
            if (Hostnames.isSha256(w.getSha()) && report(envoy, w.getAgentEpoch(), w.getSequence(), ts)) {
                envoy.seeds.remove(w.getSha());
            }
        } else if (event instanceof TaskResult r) {
            if (r.getOutcome() != TaskOutcome.UNKNOWN && r.getOutput().length() <= 4096
                    && report(envoy, r.getAgentEpoch(), r.getSequence(), ts)) {
                envoy.taskResults.putIfAbsent(r.getTaskId(), r.getOutcome());
            }
        } else if (event.getSchema().getField("agentEpoch") != null) {
            // Other reports (a broken seed manifest) advance the report sequence like every report.
            report(envoy, (Long) event.get(event.getSchema().getField("agentEpoch").pos()),
                    (Long) event.get(event.getSchema().getField("sequence").pos()), ts);
        }
    }

    /** The page rule, restated here so the replay stays independent of the app's code. */
    private static boolean validRange(String from, String to, java.util.List<String> shas) {
        if ((!from.isEmpty() && !Hostnames.isSha256(from)) || (to != null && (!Hostnames.isSha256(to) || to.compareTo(from) <= 0))) {
            return false;
        }
        return shas.stream().allMatch(sha -> sha.compareTo(from) >= 0 && (to == null || sha.compareTo(to) < 0));
    }

    private void seeded(Envoy envoy, SeedManifest seed, long ts) {
        envoy.seeds.put(seed.getSha(), seed);
        Payload payload = payloads.computeIfAbsent(seed.getSha(), s -> new Payload());
        payload.firstSeededTs = payload.firstSeededTs < 0 ? ts : Math.min(payload.firstSeededTs, ts);
        payload.descriptions.add(description(seed.getLabel(), seed.getSubsystem().name(), seed.getSizeBytes()));
    }

    static String description(String label, String subsystem, long sizeBytes) {
        return label + "|" + subsystem.toLowerCase(java.util.Locale.ROOT) + "|" + sizeBytes;
    }

    /** The peer-record rules the streams app enforces; a record breaking them is dead-lettered there and skipped here. */
    private static boolean valid(String sha, PeerState state, long bytes) {
        return Hostnames.isSha256(sha) && (state == PeerState.CACHED || state == PeerState.DOWNLOADING) && bytes >= 0;
    }

    private static boolean valid(SeedManifest seed) {
        return Hostnames.isSha256(seed.getSha()) && !seed.getLabel().isBlank() && seed.getSubsystem() != Subsystem.UNKNOWN
                && seed.getSizeBytes() >= 0 && seed.getRetentionSeconds() >= 0 && wellFormed(seed.getTarget());
    }

    /** A pattern the app accepts: not blank, at most 1,024 characters, and one Go's filepath.Match compiles. */
    private static boolean wellFormed(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.length() > 1024) {
            return false;
        }
        try {
            HostPattern.compile(pattern);
            return true;
        } catch (HostPattern.BadPatternException e) {
            return false;
        }
    }

    private static boolean report(Envoy envoy, long epoch, long sequence, long ts) {
        if (!plausible(epoch, sequence, ts, envoy.reportEpoch, envoy.reportSequence)
                || !newer(epoch, sequence, envoy.reportEpoch, envoy.reportSequence)) {
            return false;
        }
        envoy.reportEpoch = epoch;
        envoy.reportSequence = sequence;
        return true;
    }

    /**
     * SPEC's bounds on (epoch, sequence), restated: an epoch (the agent's start, in ms) at most an
     * hour after the record; within the held epoch at most a million events skipped; a new epoch's
     * sequence at most one event per millisecond since it began, plus a million.
     */
    private static boolean plausible(long epoch, long sequence, long ts, long heldEpoch, long heldSequence) {
        if (epoch < 0 || sequence < 0 || epoch > ts + 3_600_000L) {
            return false;
        }
        java.math.BigInteger limit = java.math.BigInteger.valueOf(epoch == heldEpoch ? Math.max(heldSequence, 0) : Math.max(ts - epoch, 0))
                .add(java.math.BigInteger.valueOf(1_000_000L));
        return java.math.BigInteger.valueOf(sequence).compareTo(limit) <= 0;
    }

    private static boolean newer(long epoch, long sequence, long heldEpoch, long heldSequence) {
        return epoch > heldEpoch || (epoch == heldEpoch && sequence > heldSequence);
    }
}
