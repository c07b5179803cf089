package io.vigo.swarm.streams.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * The streams app's one typed configuration, from a properties file and {@code VIGO_*} environment
 * variables (which win), defined and checked by Kafka's own {@link ConfigDef}: a missing, malformed
 * or unknown key fails start-up with one message naming it.
 */
public record StreamsAppConfig(
        String bootstrapServers,
        String registryUrl,
        String applicationId,
        String topicPrefix,
        Path stateDir,
        String httpHost,
        int httpPort,
        String advertisedHost,
        /* File holding the operator token writes must present; null for a read-only API. */
        Path operatorTokenFile,
        /* File holding the secret the app's instances present to each other; null for an instance that answers alone. */
        Path instanceTokenFile,
        /* exactly_once_v2 (the default and the product's promise) or at_least_once (for comparisons only). */
        String processingGuarantee,
        /* Stream threads of this instance: one per core the instance may use. */
        int streamThreads,
        /* How far back as-of answers and series reach; older history is pruned. */
        java.time.Duration historyHorizon) {

    /** Every key, its type, default, check and meaning. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define("bootstrap.servers", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka brokers, host:port[,host:port...]")
            .define("registry.url", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Schema registry URL (Apicurio's Confluent-compatible API)")
            .define("state.dir", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Where this instance keeps its RocksDB state stores")
            .define("application.id", Type.STRING, "vigo-swarm", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Kafka Streams application id: the group every instance joins")
            .define("topic.prefix", Type.STRING, "vigo.", Importance.MEDIUM, "Prefix of the event topics")
            .define("http.host", Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM, "Interface the API listens on")
            .define("http.port", Type.INT, 8080, Range.between(0, 65535), Importance.MEDIUM, "Port the API listens on (0: any free)")
            .define("advertised.host", Type.STRING, null, Importance.MEDIUM,
                    "Host the other instances reach this one's API at (default: http.host)")
            .define("operator.token.file", Type.STRING, null, Importance.MEDIUM, "File holding the operator token; unset for a read-only API")
            .define("instance.token.file", Type.STRING, null, Importance.MEDIUM,
                    "File holding the secret every instance of the app shares; unset for an instance that answers alone")
            .define("processing.guarantee", Type.STRING, "exactly_once_v2", ValidString.in("exactly_once_v2", "at_least_once"),
                    Importance.LOW, "exactly_once_v2, the product's promise, or at_least_once for comparisons only")
            .define("stream.threads", Type.INT, 1, Range.between(1, 64), Importance.LOW, "Stream threads: one per core the instance may use")
            .define("history.horizon.days", Type.INT, 7, Range.between(0, 3650), Importance.LOW,
                    "How far back as-of answers and series reach; keep it a day inside the check-ins' `min.compaction.lag.ms` (\"Rebuilding the views\" in docs/deployment.md); 0 turns history off");

    /** A configuration problem; its message names the key (and the variable that sets it). */
    public static final class ConfigException extends IllegalArgumentException {
        public ConfigException(String key, String problem) {
            super("configuration " + key + " (env " + envName(key) + "): " + problem);
        }

        ConfigException(String message) {
            super(message);
        }
    }

    public static StreamsAppConfig from(Properties file, Map<String, String> env) {
        Map<String, Object> values = new HashMap<>();
        for (String key : file.stringPropertyNames()) {
            if (!DEFINITION.names().contains(key)) {
                throw new ConfigException(key, "is not a key of the streams app; the keys are " + new TreeSet<>(DEFINITION.names()));
            }
            putIfSet(values, key, file.getProperty(key));
        }
        for (String key : DEFINITION.names()) {
            putIfSet(values, key, env.get(envName(key)));
        }
        AbstractConfig parsed;
        try {
            parsed = new AbstractConfig(DEFINITION, values, false);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException("configuration: " + e.getMessage() + " (set it in the --config file, or as VIGO_<KEY> in the environment)");
        }
        String httpHost = parsed.getString("http.host");
        return new StreamsAppConfig(
                parsed.getString("bootstrap.servers"),
                parsed.getString("registry.url"),
                parsed.getString("application.id"),
                parsed.getString("topic.prefix"),
                Path.of(parsed.getString("state.dir")),
                httpHost,
                parsed.getInt("http.port"),
                parsed.getString("advertised.host") != null ? parsed.getString("advertised.host") : httpHost,
                path(parsed.getString("operator.token.file")),
                path(parsed.getString("instance.token.file")),
                parsed.getString("processing.guarantee"),
                parsed.getInt("stream.threads"),
                java.time.Duration.ofDays(parsed.getInt("history.horizon.days")));
    }

    /** A blank value counts as unset, so {@code KEY=} in a file or the environment takes the default. */
    private static void putIfSet(Map<String, Object> values, String key, String value) {
        if (value != null && !value.isBlank()) {
            values.put(key, value.trim());
        }
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }

    /** The operator token, read from its file; fails naming the key when the file is unusable. */
    public String operatorToken() {
        return secret("operator.token.file", operatorTokenFile);
    }

    /** The instances' shared secret, read from its file; null when none is configured. */
    public String instanceToken() {
        return secret("instance.token.file", instanceTokenFile);
    }

    private static String secret(String key, Path file) {
        if (file == null) {
            return null;
        }
        try {
            String token = java.nio.file.Files.readString(file).trim();
            if (token.length() < 16) {
                throw new ConfigException(key, file + " holds no token of at least 16 characters");
            }
            return token;
        } catch (java.io.IOException e) {
            throw new ConfigException(key, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Every key as a Markdown table (docs/deployment.md carries it; a test keeps the two equal). */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| key | environment | type | default | meaning |\n|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : DEFINITION.configKeys().values()) {
            String fallback = key.defaultValue == ConfigDef.NO_DEFAULT_VALUE ? "(required)"
                    : key.defaultValue == null ? "(unset)" : "`" + key.defaultValue + "`";
            table.append("| `").append(key.name).append("` | `").append(envName(key.name)).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ").append(fallback).append(" | ")
                    .append(key.documentation).append(" |\n");
        }
        return table.toString();
    }

    static String envName(String key) {
        return "VIGO_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
