package io.vigo.swarm.local.verify;

import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.EnvoyUntagged;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.RegistrySerdes;
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
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An independent recomputation of the envoy facts from the event topics, with nothing but a plain
 * read_committed consumer and the schemas: who is in the population, each envoy's cached,
 * downloading and footprint, and its tags. It knows the event rules (latest (epoch, sequence)
 * wins, a resync replaces the cache, a decommission after the last check-in retires the envoy),
 * not the topology.
 */
public final class EventReplay {

    /** What the events say of one envoy. */
    public static final class Envoy {
        long checkInEpoch = -1;
        long checkInSequence = -1;
        long lastCheckInTs = -1;
        long decommissionedTs = -1;
        boolean swarmEnabled;
        long reportEpoch = -1;
        long reportSequence = -1;
        final Map<String, PeerEntry> peers = new TreeMap<>();
        final Map<String, String> tags = new TreeMap<>();

        boolean inPopulation() {
            return lastCheckInTs >= 0 && decommissionedTs <= lastCheckInTs && swarmEnabled;
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

    private final Map<String, Envoy> envoys = new HashMap<>();

    public Map<String, Envoy> envoys() {
        return envoys;
    }

    /** Reads every event topic from the beginning up to the end offsets of the moment it starts. */
    public static EventReplay read(String bootstrapServers, String registryUrl, TopicNames topics) {
        Map<String, Object> config = new HashMap<>(RegistrySerdes.settings(registryUrl));
        config.put("bootstrap.servers", bootstrapServers);
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", false);
        config.put("key.deserializer", StringDeserializer.class);
        config.put("value.deserializer", io.apicurio.registry.serde.avro.AvroKafkaDeserializer.class);
        EventReplay replay = new EventReplay();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.checkins(), topics.envoyReports(), topics.operator())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(500))) {
                    replay.apply(record.key(), record.value(), record.timestamp());
                }
            }
        }
        return replay;
    }

    /** Applies one event; events the streams app would refuse are skipped the same way. */
    void apply(String key, SpecificRecord event, long ts) {
        if (key == null || event == null || !Hostnames.isValid(key)) {
            return;
        }
        Envoy envoy = envoys.computeIfAbsent(key, k -> new Envoy());
        if (event instanceof EnvoyCheckIn c) {
            if (c.getHostname().equals(key) && newer(c.getAgentEpoch(), c.getSequence(), envoy.checkInEpoch, envoy.checkInSequence)
                    && c.getIntervalMs() >= 1000 && c.getIntervalMs() <= 86_400_000L) {
                envoy.checkInEpoch = c.getAgentEpoch();
                envoy.checkInSequence = c.getSequence();
                envoy.swarmEnabled = c.getSwarmEnabled();
                envoy.lastCheckInTs = Math.max(envoy.lastCheckInTs, ts);
            }
        } else if (event instanceof EnvoyDecommissioned) {
            envoy.decommissionedTs = Math.max(envoy.decommissionedTs, ts);
        } else if (event instanceof EnvoyTagged t) {
            envoy.tags.put(t.getKey(), t.getValue());
        } else if (event instanceof EnvoyUntagged u) {
            envoy.tags.remove(u.getKey());
        } else if (event instanceof PeerRecordUpdated u) {
            if (valid(u.getSha(), u.getState(), u.getBytes()) && report(envoy, u.getAgentEpoch(), u.getSequence())) {
                envoy.peers.put(u.getSha(), new PeerEntry(u.getSha(), u.getState(), u.getBytes()));
            }
        } else if (event instanceof PeerRecordRemoved r) {
            if (Hostnames.isSha256(r.getSha()) && report(envoy, r.getAgentEpoch(), r.getSequence())) {
                envoy.peers.remove(r.getSha());
            }
        } else if (event instanceof CacheResync r) {
            if (!r.getPeers().stream().allMatch(p -> valid(p.getSha(), p.getState(), p.getBytes()))
                    || !report(envoy, r.getAgentEpoch(), r.getSequence())) {
                return;
            }
            envoy.peers.clear();
            r.getPeers().forEach(p -> envoy.peers.put(p.getSha(), p));
        } else if (event.getSchema().getName().startsWith("Seed") || event.getSchema().getName().startsWith("Task")) {
            // Seeds and task results advance the report sequence like every report.
            report(envoy, (Long) event.get(event.getSchema().getField("agentEpoch").pos()),
                    (Long) event.get(event.getSchema().getField("sequence").pos()));
        }
    }

    /** The peer-record rules the streams app enforces; a record breaking them is dead-lettered there and skipped here. */
    private static boolean valid(String sha, PeerState state, long bytes) {
        return Hostnames.isSha256(sha) && (state == PeerState.CACHED || state == PeerState.DOWNLOADING) && bytes >= 0;
    }

    private static boolean report(Envoy envoy, long epoch, long sequence) {
        if (!newer(epoch, sequence, envoy.reportEpoch, envoy.reportSequence)) {
            return false;
        }
        envoy.reportEpoch = epoch;
        envoy.reportSequence = sequence;
        return true;
    }

    private static boolean newer(long epoch, long sequence, long heldEpoch, long heldSequence) {
        return epoch > heldEpoch || (epoch == heldEpoch && sequence > heldSequence);
    }
}
