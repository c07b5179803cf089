package io.vigo.swarm.topics;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topics vigo-swarm owns, read from {@code vigo-topics.yaml}: names, keys, partitions,
 * replication and configs, resolved for one profile ({@code dev} or {@code production}).
 */
public record TopicCatalogue(String prefix, Map<String, Profile> profiles, List<Entry> topics) {

    public static final String RESOURCE = "/vigo-topics.yaml";

    /** Sizing shared by every topic of a profile. */
    public record Profile(int partitions, short replicationFactor, int minInsyncReplicas) {
    }

    /** One topic as written in the catalogue; partitions override the profile's when set. */
    public record Entry(String name, String key, Integer partitions, List<String> records, Map<String, String> configs) {
    }

    /** One topic resolved for a profile: what the provisioner creates and checks. */
    public record TopicSpec(String name, String key, int partitions, short replicationFactor, Map<String, String> configs) {
    }

    public static TopicCatalogue load() {
        try (InputStream in = TopicCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("topic catalogue " + RESOURCE + " is missing from the classpath");
            }
            return new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(in, TopicCatalogue.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the topic catalogue " + RESOURCE, e);
        }
    }

    /** Every topic resolved for {@code profileName}. */
    public List<TopicSpec> resolve(String profileName) {
        Profile profile = profiles.get(profileName);
        if (profile == null) {
            throw new IllegalArgumentException("unknown topic profile '" + profileName + "'; known: " + profiles.keySet());
        }
        return topics.stream().map(entry -> {
            Map<String, String> configs = new LinkedHashMap<>(entry.configs() == null ? Map.of() : entry.configs());
            configs.putIfAbsent("min.insync.replicas", String.valueOf(profile.minInsyncReplicas()));
            int partitions = entry.partitions() != null ? entry.partitions() : profile.partitions();
            return new TopicSpec(prefix + entry.name(), entry.key(), partitions, profile.replicationFactor(), configs);
        }).toList();
    }

    public TopicNames names() {
        return new TopicNames(prefix);
    }
}
