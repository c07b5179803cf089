package io.vigo.swarm.streams.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The streams app's one typed configuration, from a properties file and {@code VIGO_*} environment
 * variables (which win). A missing or malformed value fails start-up with a message naming the key.
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
        int streamThreads) {

    /** A configuration problem, naming the key. */
    public static final class ConfigException extends IllegalArgumentException {
        public ConfigException(String key, String problem) {
            super("configuration " + key + " (env " + envName(key) + "): " + problem);
        }
    }

    public static StreamsAppConfig from(Properties file, Map<String, String> env) {
        Source source = new Source(file, env);
        int port = source.integer("http.port", 8080, 0, 65535);
        String httpHost = source.text("http.host", "127.0.0.1");
        return new StreamsAppConfig(
                source.required("bootstrap.servers"),
                source.required("registry.url"),
                source.text("application.id", "vigo-swarm"),
                source.text("topic.prefix", "vigo."),
                Path.of(source.required("state.dir")),
                httpHost,
                port,
                source.text("advertised.host", httpHost),
                source.path("operator.token.file"),
                source.path("instance.token.file"),
                guarantee(source.text("processing.guarantee", "exactly_once_v2")),
                source.integer("stream.threads", 1, 1, 64));
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

    private static String guarantee(String value) {
        if (!value.equals("exactly_once_v2") && !value.equals("at_least_once")) {
            throw new ConfigException("processing.guarantee", "must be exactly_once_v2 or at_least_once, got \"" + value + "\"");
        }
        return value;
    }

    static String envName(String key) {
        return "VIGO_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    private record Source(Properties file, Map<String, String> env) {
        String raw(String key) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv.trim();
            }
            String fromFile = file.getProperty(key);
            return fromFile == null || fromFile.isBlank() ? null : fromFile.trim();
        }

        String required(String key) {
            String value = raw(key);
            if (value == null) {
                throw new ConfigException(key, "is required");
            }
            return value;
        }

        Path path(String key) {
            String value = raw(key);
            return value == null ? null : Path.of(value);
        }

        String text(String key, String fallback) {
            String value = raw(key);
            return value == null ? fallback : value;
        }

        int integer(String key, int fallback, int min, int max) {
            String value = raw(key);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min || parsed > max) {
                    throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + parsed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "must be a whole number, got \"" + value + "\"");
            }
        }
    }
}
