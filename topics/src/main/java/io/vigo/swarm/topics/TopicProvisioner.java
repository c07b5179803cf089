package io.vigo.swarm.topics;

import io.vigo.swarm.topics.TopicCatalogue.TopicSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Applies the catalogue to a cluster: creates missing topics, never alters an existing one, and
 * reports every difference between the catalogue and what the cluster has as drift.
 */
public final class TopicProvisioner {

    /** One difference between the catalogue and the cluster. */
    public record Drift(String topic, String key, String expected, String actual) {
        @Override
        public String toString() {
            return topic + ": " + key + " expected " + expected + ", actual " + actual;
        }
    }

    /** What one apply did and found. */
    public record Report(List<String> created, List<String> unchanged, List<Drift> drift) {
        public boolean clean() {
            return drift.isEmpty();
        }
    }

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    public Report apply(Collection<TopicSpec> specs) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<String> created = new ArrayList<>();
            List<NewTopic> missing = specs.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()))
                    .toList();
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<TopicSpec> present = specs.stream().filter(spec -> !created.contains(spec.name())).toList();
            List<Drift> drift = driftOf(present);
            List<String> unchanged = present.stream().map(TopicSpec::name)
                    .filter(name -> drift.stream().noneMatch(d -> d.topic().equals(name)))
                    .toList();
            return new Report(created, unchanged, drift);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot apply topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** What {@link #alterConfigs} set, and the drift it left. */
    public record Altered(List<Drift> altered, List<Drift> left) {
    }

    /**
     * Sets every drifted topic config to the catalogue's value. Partition counts and replication
     * factors are never changed (more partitions re-map keys; replicas are a reassignment), so they
     * are left, still reported.
     */
    public Altered alterConfigs(List<Drift> drift) throws InterruptedException {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new java.util.LinkedHashMap<>();
        List<Drift> altered = new ArrayList<>();
        List<Drift> left = new ArrayList<>();
        for (Drift d : drift) {
            if (STRUCTURAL.contains(d.key())) {
                left.add(d);
            } else {
                altered.add(d);
                changes.computeIfAbsent(new ConfigResource(ConfigResource.Type.TOPIC, d.topic()), r -> new ArrayList<>())
                        .add(new AlterConfigOp(new ConfigEntry(d.key(), d.expected()), AlterConfigOp.OpType.SET));
            }
        }
        if (!changes.isEmpty()) {
            try {
                admin.incrementalAlterConfigs(changes).all().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot alter topic configs: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return new Altered(altered, left);
    }

    private static final Set<String> STRUCTURAL = Set.of("partitions", "replication.factor");

    private List<Drift> driftOf(List<TopicSpec> specs) throws ExecutionException, InterruptedException {
        if (specs.isEmpty()) {
            return List.of();
        }
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();

        List<Drift> drift = new ArrayList<>();
        for (TopicSpec spec : specs) {
            TopicDescription description = descriptions.get(spec.name());
            int partitions = description.partitions().size();
            if (partitions != spec.partitions()) {
                drift.add(new Drift(spec.name(), "partitions", String.valueOf(spec.partitions()), String.valueOf(partitions)));
            }
            int replicas = description.partitions().get(0).replicas().size();
            if (replicas != spec.replicationFactor()) {
                drift.add(new Drift(spec.name(), "replication.factor", String.valueOf(spec.replicationFactor()), String.valueOf(replicas)));
            }
            Map<String, String> actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).entries().stream()
                    .collect(Collectors.toMap(ConfigEntry::name, e -> e.value() == null ? "" : e.value(), (a, b) -> a));
            spec.configs().forEach((key, expected) -> {
                String value = actual.get(key);
                if (!expected.equals(value)) {
                    drift.add(new Drift(spec.name(), key, expected, value == null ? "(unset)" : value));
                }
            });
        }
        return drift;
    }

}
