package io.vigo.swarm.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

    private static Properties file(String... keysAndValues) {
        Properties props = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    private static final Properties MINIMAL = file("bootstrap.servers", "kafka:9092", "registry.url", "http://registry:8080/apis/ccompat/v7",
            "state.dir", "/state");

    @Test
    void theMinimalFileTakesEveryDefault() {
        StreamsAppConfig config = StreamsAppConfig.from(MINIMAL, Map.of());
        assertThat(config.applicationId()).isEqualTo("vigo-swarm");
        assertThat(config.topicPrefix()).isEqualTo("vigo.");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.advertisedHost()).as("defaults to http.host").isEqualTo("127.0.0.1");
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.stateDir()).isEqualTo(Path.of("/state"));
        assertThat(config.operatorTokenFile()).isNull();
        assertThat(config.instanceTokenFile()).isNull();
    }

    @Test
    void environmentVariablesWinOverTheFileAndBlankMeansUnset() {
        StreamsAppConfig config = StreamsAppConfig.from(MINIMAL, Map.of("VIGO_HTTP_PORT", "9090", "VIGO_STATE_DIR", "/elsewhere",
                "VIGO_ADVERTISED_HOST", " "));
        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.stateDir()).isEqualTo(Path.of("/elsewhere"));
        assertThat(config.advertisedHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> StreamsAppConfig.from(file("registry.url", "http://r", "state.dir", "/s"), Map.of()))
                .isInstanceOf(StreamsAppConfig.ConfigException.class)
                .hasMessageContaining("bootstrap.servers").hasMessageContaining("VIGO_<KEY>");
    }

    @Test
    void aMalformedValueIsNamedWithTheValue() {
        assertThatThrownBy(() -> StreamsAppConfig.from(MINIMAL, Map.of("VIGO_HTTP_PORT", "eighty")))
                .hasMessageContaining("http.port").hasMessageContaining("eighty");
        assertThatThrownBy(() -> StreamsAppConfig.from(MINIMAL, Map.of("VIGO_HTTP_PORT", "70000")))
                .hasMessageContaining("http.port").hasMessageContaining("70000");
        assertThatThrownBy(() -> StreamsAppConfig.from(MINIMAL, Map.of("VIGO_PROCESSING_GUARANTEE", "exactly_once")))
                .hasMessageContaining("processing.guarantee");
    }

    @Test
    void aMistypedKeyInTheFileIsRefusedByName() {
        Properties typo = new Properties();
        typo.putAll(MINIMAL);
        typo.setProperty("htpp.port", "9090");
        assertThatThrownBy(() -> StreamsAppConfig.from(typo, Map.of()))
                .hasMessageStartingWith("configuration htpp.port (env VIGO_HTPP_PORT): is not a key of the streams app")
                .hasMessageContaining("http.port");
    }

    @Test
    void theDeploymentGuideListsExactlyTheseKeys() throws java.io.IOException {
        String guide = java.nio.file.Files.readString(Path.of("../docs/deployment.md"));
        assertThat(guide).as("docs/deployment.md's configuration table; regenerate it from StreamsAppConfig.markdownTable()")
                .contains(StreamsAppConfig.markdownTable());
    }
}
