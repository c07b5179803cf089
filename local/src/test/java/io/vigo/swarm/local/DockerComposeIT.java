package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigo.swarm.streams.app.StreamsAppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml against the build (no Docker engine here; CI also runs `docker-compose config`):
 * images pinned, the jars it mounts exist, every app service's environment loads through the typed
 * configuration, and the streams instances advertise distinct addresses.
 */
class DockerComposeIT {

    private static final Path ROOT = CliRun.ROOT;

    private final JsonNode compose;

    DockerComposeIT() throws Exception {
        compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        compose.get("services").fields().forEachRemaining(service -> {
            String image = service.getValue().path("image").asText(compose.path("x-vigo-app").path("image").asText());
            assertThat(image).as(service.getKey()).matches("[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*");
        });
    }

    @Test
    void theMountedBuildOutputHasTheJarsTheCommandsName() {
        assertThat(ROOT.resolve("local/target/local-0.1.0-SNAPSHOT.jar")).isRegularFile();
        assertThat(ROOT.resolve("local/target/lib")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("kafka-streams-"));
        compose.get("services").fields().forEachRemaining(service -> {
            String command = service.getValue().path("command").toString();
            if (command.contains("VigoMain")) {
                assertThat(command).as(service.getKey()).contains("/app/local-0.1.0-SNAPSHOT.jar:/app/lib/*");
            }
        });
    }

    @Test
    void streamsInstancesLoadThroughTheTypedConfigAndAdvertiseDistinctAddresses() {
        List<String> advertised = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(service -> {
            if (!service.getValue().path("command").toString().contains("\"streams\"")) {
                return;
            }
            Map<String, String> env = new HashMap<>();
            service.getValue().path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            StreamsAppConfig config = StreamsAppConfig.from(new Properties(), env);
            assertThat(config.registryUrl()).endsWith("/apis/ccompat/v7");
            assertThat(config.httpHost()).isEqualTo("0.0.0.0");
            assertThat(config.operatorTokenFile()).isNotNull();
            assertThat(config.instanceTokenFile()).as("instances ask each other with their own secret").isNotNull();
            advertised.add(config.advertisedHost() + ":" + config.httpPort());
        });
        assertThat(advertised).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
    }

    @Test
    void theTrustModelIsWrittenDown() throws Exception {
        String deployment = Files.readString(ROOT.resolve("docs/deployment.md"));
        assertThat(deployment).contains("vigo.checkins", "vigo.envoy-reports", "kafka-acls");
    }
}
