package io.vigo.swarm.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * The gateway's one typed configuration, from a properties file and {@code VIGO_GATEWAY_*}
 * environment variables (which win), checked by Kafka's {@link ConfigDef}: a missing, malformed or
 * unknown key fails start-up with one message naming it. Secrets come from files, never from the
 * command line or the environment's values.
 */
public record GatewayConfig(
        String bootstrapServers,
        String registryUrl,
        String topicPrefix,
        String trackerUrl,
        Path instanceTokenFile,
        Path enrolSecretFile,
        Path signingSecretFile,
        String httpHost,
        int httpPort,
        Path tlsKeystoreFile,
        Path tlsKeystorePasswordFile,
        int maxBodyBytes,
        double ratePerSecond,
        int rateBurst,
        Duration ackTimeout,
        Duration idleTimeout,
        Duration requestTimeout) {

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define("bootstrap.servers", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka brokers, host:port[,host:port...]")
            .define("registry.url", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Schema registry URL (Apicurio's Confluent-compatible API)")
            .define("tracker.url", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The streams app's API (any instance, or their load balancer): pending tasks and revoked shas come from it")
            .define("instance.token.file", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "File holding the streams app instances' shared secret: the gateway presents it to read an envoy's tasks")
            .define("enrol.secret.file", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "File holding the fleet's enrolment secret an envoy presents once to get its key")
            .define("signing.secret.file", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "File holding the secret every gateway signs envoy keys with (at least 32 characters; the same on every gateway)")
            .define("topic.prefix", Type.STRING, "vigo.", Importance.MEDIUM, "Prefix of the event topics")
            .define("http.host", Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM, "Interface the gateway listens on")
            .define("http.port", Type.INT, 8082, Range.between(0, 65535), Importance.MEDIUM, "Port the gateway listens on (0: any free)")
            .define("tls.keystore.file", Type.STRING, null, Importance.MEDIUM, "PKCS12 keystore with the gateway's certificate: set it to serve HTTPS")
            .define("tls.keystore.password.file", Type.STRING, null, Importance.MEDIUM, "File holding the keystore's password")
            .define("max.body.bytes", Type.INT, 1_000_000, Range.between(1024, 16_000_000), Importance.LOW,
                    "Largest request body; larger ones are refused with 413 (Kafka's default largest record is about 1 MB)")
            .define("rate.per.second", Type.DOUBLE, 5.0, Range.between(0.01, 10_000), Importance.LOW,
                    "Requests per second one envoy may make on average (per gateway instance)")
            .define("rate.burst", Type.INT, 20, Range.between(1, 100_000), Importance.LOW, "Requests one envoy may make at once")
            .define("ack.timeout.ms", Type.LONG, 10_000L, Range.between(2_000, 120_000), Importance.LOW,
                    "How long a request waits for Kafka's acknowledgement before it is answered 503")
            .define("idle.timeout.ms", Type.LONG, 30_000L, Range.between(1_000, 600_000), Importance.LOW,
                    "A connection silent this long with no request to answer is closed")
            .define("request.timeout.ms", Type.LONG, 10_000L, Range.between(1_000, 600_000), Importance.LOW,
                    "A request must arrive whole within this of its first byte, else its connection is closed (a client trickling"
                            + " bytes cannot keep a connection and its buffers)");

    /** A configuration problem; its message names the key (and the variable that sets it). */
    public static final class ConfigException extends IllegalArgumentException {
        ConfigException(String message) {
            super(message);
        }
    }

    public static GatewayConfig from(Properties file, Map<String, String> env) {
        Map<String, Object> values = new HashMap<>();
        for (String key : file.stringPropertyNames()) {
            if (!DEFINITION.names().contains(key)) {
                throw new ConfigException("configuration " + key + ": is not a key of the gateway; the keys are " + new TreeSet<>(DEFINITION.names()));
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
            throw new ConfigException("configuration: " + e.getMessage() + " (set it in the --config file, or as VIGO_GATEWAY_<KEY> in the environment)");
        }
        return new GatewayConfig(parsed.getString("bootstrap.servers"), parsed.getString("registry.url"), parsed.getString("topic.prefix"),
                parsed.getString("tracker.url"), Path.of(parsed.getString("instance.token.file")), Path.of(parsed.getString("enrol.secret.file")),
                Path.of(parsed.getString("signing.secret.file")), parsed.getString("http.host"), parsed.getInt("http.port"),
                path(parsed.getString("tls.keystore.file")), path(parsed.getString("tls.keystore.password.file")),
                parsed.getInt("max.body.bytes"), parsed.getDouble("rate.per.second"), parsed.getInt("rate.burst"),
                Duration.ofMillis(parsed.getLong("ack.timeout.ms")), Duration.ofMillis(parsed.getLong("idle.timeout.ms")),
                Duration.ofMillis(parsed.getLong("request.timeout.ms")));
    }

    public static String envName(String key) {
        return "VIGO_GATEWAY_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static void putIfSet(Map<String, Object> values, String key, String value) {
        if (value != null && !value.isBlank()) {
            values.put(key, value.trim());
        }
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }

    /** A secret from its file, at least {@code minLength} characters; fails naming the key. */
    static String secret(String key, Path file, int minLength) {
        try {
            String value = Files.readString(file).trim();
            if (value.length() < minLength) {
                throw new ConfigException("configuration " + key + " (env " + envName(key) + "): " + file
                        + " holds no secret of at least " + minLength + " characters");
            }
            return value;
        } catch (IOException e) {
            throw new ConfigException("configuration " + key + " (env " + envName(key) + "): cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Every key as a Markdown table (docs/deployment.md carries it; GatewayConfigTest keeps the two equal). */
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

    public String instanceToken() {
        return secret("instance.token.file", instanceTokenFile, 16);
    }

    public String enrolSecret() {
        return secret("enrol.secret.file", enrolSecretFile, 16);
    }

    public String signingSecret() {
        return secret("signing.secret.file", signingSecretFile, 32);
    }

    public String keystorePassword() {
        return tlsKeystorePasswordFile == null ? "" : secret("tls.keystore.password.file", tlsKeystorePasswordFile, 1);
    }
}
