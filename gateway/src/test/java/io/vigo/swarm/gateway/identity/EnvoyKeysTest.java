package io.vigo.swarm.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvoyKeysTest {

    private final EnvoyKeys keys = new EnvoyKeys("a signing secret of at least 32 bytes!".getBytes(StandardCharsets.UTF_8));

    @Test
    void aKeyItIssuedVerifiesAsItsHostAndGeneration() {
        String key = keys.issue("danlap.example.com", 42);
        assertThat(key).startsWith("vk1.danlap.example.com.42.");
        assertThat(keys.verify(key)).isEqualTo(new EnvoyKeys.Holder("danlap.example.com", 42));
    }

    @Test
    void aForgedTruncatedOrAlteredKeyVerifiesAsNobody() {
        String key = keys.issue("danlap", 7);
        char last = key.charAt(key.length() - 1);
        assertThat(keys.verify(key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A'))).as("one character of the mac").isNull();
        assertThat(keys.verify(key.substring(0, key.length() - 3))).as("truncated").isNull();
        assertThat(keys.verify(key.replace("vk1.danlap.7.", "vk1.annlap.7."))).as("another host's name on danlap's mac").isNull();
        assertThat(keys.verify(key.replace(".7.", ".8."))).as("another generation").isNull();
        assertThat(keys.verify("vk1.danlap.-1." + key.substring(key.lastIndexOf('.') + 1))).as("negative generation").isNull();
        assertThat(keys.verify(key + "x".repeat(400))).as("too long").isNull();
        assertThat(keys.verify("")).isNull();
        assertThat(keys.verify(null)).isNull();
        assertThat(keys.verify("vk1...")).isNull();
        assertThat(keys.verify("vk1.Bad_Host.1.abc")).isNull();
    }

    @Test
    void anotherFleetsSecretIssuesKeysThisOneRefuses() {
        EnvoyKeys other = new EnvoyKeys("another fleet's signing secret, 32+ bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(keys.verify(other.issue("danlap", 1))).isNull();
    }
}
