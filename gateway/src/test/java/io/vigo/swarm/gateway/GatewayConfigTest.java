package io.vigo.swarm.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "VIGO_GATEWAY_BOOTSTRAP_SERVERS", "kafka:9092",
            "VIGO_GATEWAY_REGISTRY_URL", "http://registry:8080/apis/ccompat/v7",
            "VIGO_GATEWAY_TRACKER_URL", "http://streams-1:8080",
            "VIGO_GATEWAY_INSTANCE_TOKEN_FILE", "/run/secrets/instance_token",
            "VIGO_GATEWAY_ENROL_SECRET_FILE", "/run/secrets/enrol_secret",
            "VIGO_GATEWAY_SIGNING_SECRET_FILE", "/run/secrets/gateway_signing_secret");

    @Test
    void loadsFromTheEnvironmentWithDefaultsForTheRest() {
        GatewayConfig config = GatewayConfig.from(new Properties(), REQUIRED);
        assertThat(config.httpPort()).isEqualTo(8082);
        assertThat(config.maxBodyBytes()).isEqualTo(1_000_000);
        assertThat(config.ackTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.tlsKeystoreFile()).isNull();
    }

    @Test
    void aMissingUnknownOrMalformedKeyIsOneLineNamingIt() {
        assertThatThrownBy(() -> GatewayConfig.from(new Properties(), Map.of()))
                .hasMessageContaining("bootstrap.servers").hasMessageContaining("VIGO_GATEWAY_<KEY>");
        Properties unknown = new Properties();
        unknown.put("rate.limit", "5");
        assertThatThrownBy(() -> GatewayConfig.from(unknown, REQUIRED)).hasMessageStartingWith("configuration rate.limit: is not a key of the gateway");
        Map<String, String> malformed = new java.util.HashMap<>(REQUIRED);
        malformed.put("VIGO_GATEWAY_RATE_BURST", "many");
        assertThatThrownBy(() -> GatewayConfig.from(new Properties(), malformed)).hasMessageContaining("rate.burst");
    }

    @Test
    void aShortSigningSecretIsRefusedNamingItsKey(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.put("VIGO_GATEWAY_SIGNING_SECRET_FILE", Files.writeString(dir.resolve("short"), "too short").toString());
        GatewayConfig config = GatewayConfig.from(new Properties(), env);
        assertThatThrownBy(config::signingSecret).hasMessageContaining("signing.secret.file").hasMessageContaining("at least 32 characters")
                .hasMessageNotContaining("too short");
    }

    @Test
    void theDeploymentGuideListsEveryKey() throws Exception {
        Path guide = Path.of("..", "docs", "deployment.md");
        assertThat(Files.readString(guide)).as("docs/deployment.md's gateway table; regenerate it from GatewayConfig.markdownTable()")
                .contains(GatewayConfig.markdownTable());
    }
}
