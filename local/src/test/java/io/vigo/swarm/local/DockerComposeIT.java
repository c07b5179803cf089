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
 * images pinned, every app service runs a deployable's main from the build output it mounts (never
 * the local stack), every streams instance's environment loads through the typed
 * configuration, and the streams instances advertise distinct addresses.
 */
class DockerComposeIT {

    private static final Path ROOT = CliRun.ROOT;

    private final JsonNode compose;

    DockerComposeIT() throws Exception {
        compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
    }

    private static final String PINNED = "[a-z0-9./-]+:v?[0-9][A-Za-z0-9._-]*";

    /** An image pulled is pinned; one built here (the streams app's, with jemalloc) starts from a pinned image. */
    @Test
    void everyImageIsPinnedToAVersion() throws Exception {
        var services = compose.get("services").fields();
        while (services.hasNext()) {
            var service = services.next();
            String build = service.getValue().path("build").asText("");
            if (!build.isEmpty()) {
                List<String> from = Files.readAllLines(ROOT.resolve(build).resolve("Dockerfile")).stream()
                        .filter(line -> line.startsWith("FROM ")).toList();
                assertThat(from).as(service.getKey() + "'s Dockerfile").hasSize(1);
                assertThat(from.get(0).substring("FROM ".length()).trim()).as(service.getKey() + "'s base image").matches(PINNED);
                continue;
            }
            String image = service.getValue().path("image").asText(compose.path("x-vigo-app").path("image").asText());
            assertThat(image).as(service.getKey()).matches(PINNED);
        }
    }

    @Test
    void everyAppServiceRunsADeployableNeverTheLocalStack() throws Exception {
        int apps = 0;
        for (var service : iterable(compose.get("services").fields())) {
            JsonNode command = service.getValue().path("command");
            if (!command.toString().contains("io.vigo.swarm")) {
                continue;
            }
            apps++;
            String name = service.getKey();
            assertThat(command.toString()).as(name).doesNotContain("io.vigo.swarm.local");
            Path mounted = mountedAtApp(service.getValue());
            assertThat(mounted).as(name + " mounts a module's build output at /app").isNotNull();
            List<String> words = new ArrayList<>();
            command.forEach(word -> words.add(word.asText()));
            String classPath = words.get(words.indexOf("-cp") + 1);
            String mainClass = words.get(words.indexOf("-cp") + 2);
            for (String entry : classPath.split(":")) {
                Path local = mounted.resolve(entry.substring("/app/".length()).replace("/*", ""));
                assertThat(local).as(name + ": " + entry).exists();
            }
            assertThat(mounted.resolve("lib")).as(name).isDirectoryContaining(p -> p.getFileName().toString().startsWith("kafka-clients-"));
            Path jar = mounted.resolve(classPath.split(":")[0].substring("/app/".length()));
            try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                assertThat(zip.getEntry(mainClass.replace('.', '/') + ".class")).as(name + ": " + mainClass + " in " + jar).isNotNull();
            }
        }
        assertThat(apps).as("topics, allowlist, two streams instances, two gateways, the simulator").isEqualTo(7);
    }

    /** The host folder a service mounts at /app (its own volumes, else the shared app defaults'). */
    private Path mountedAtApp(JsonNode service) {
        JsonNode volumes = service.has("volumes") ? service.get("volumes") : compose.path("x-vigo-app").path("volumes");
        for (JsonNode volume : volumes) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals("/app")) {
                return ROOT.resolve(parts[0]).normalize();
            }
        }
        return null;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }

    @Test
    void streamsInstancesLoadThroughTheTypedConfigAndAdvertiseDistinctAddresses() {
        List<String> advertised = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(service -> {
            String command = service.getValue().path("command").toString();
            if (!command.contains("StreamsMain") || !command.contains("\"run\"")) {
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
    void twoGatewaysLoadThroughTheTypedConfigWithTheirSecrets() {
        List<String> gateways = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(service -> {
            if (!service.getValue().path("command").toString().contains("GatewayMain")) {
                return;
            }
            Map<String, String> env = new HashMap<>();
            service.getValue().path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            io.vigo.swarm.gateway.GatewayConfig config = io.vigo.swarm.gateway.GatewayConfig.from(new Properties(), env);
            assertThat(config.httpHost()).isEqualTo("0.0.0.0");
            List<String> secrets = new ArrayList<>();
            service.getValue().path("secrets").forEach(s -> secrets.add("/run/secrets/" + s.asText()));
            assertThat(secrets).as(service.getKey() + "'s secrets").contains(config.instanceTokenFile().toString(),
                    config.enrolSecretFile().toString(), config.signingSecretFile().toString());
            gateways.add(service.getKey());
        });
        assertThat(gateways).hasSize(2);
    }

    @Test
    void prometheusScrapesEveryStreamsInstanceAndEveryGatewayAndGrafanaGetsTheDashboard() throws Exception {
        List<String> instances = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(service -> {
            String command = service.getValue().path("command").toString();
            if ((command.contains("StreamsMain") || command.contains("GatewayMain")) && command.contains("\"run\"")) {
                instances.add(service.getKey() + ":8080");
            }
        });
        JsonNode prometheus = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
        List<String> targets = new ArrayList<>();
        prometheus.get("scrape_configs").forEach(job -> job.path("static_configs").forEach(
                group -> group.path("targets").forEach(target -> targets.add(target.asText()))));
        assertThat(targets).containsExactlyInAnyOrderElementsOf(instances).hasSize(4);

        List<String> mounts = new ArrayList<>();
        compose.get("services").get("prometheus").get("volumes").forEach(v -> mounts.add(v.asText()));
        compose.get("services").get("grafana").get("volumes").forEach(v -> mounts.add(v.asText()));
        for (String mount : mounts) {
            String host = mount.split(":")[0];
            if (host.startsWith("./")) {
                assertThat(ROOT.resolve(host)).as(mount).exists();
            }
        }
        assertThat(mounts).contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        JsonNode provider = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("deploy/grafana/provisioning/dashboards/vigo.yml").toFile());
        assertThat(provider.get("providers").get(0).get("options").get("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
    }

    @Test
    void theTrustModelIsWrittenDown() throws Exception {
        String deployment = Files.readString(ROOT.resolve("docs/deployment.md"));
        assertThat(deployment).contains("vigo.checkins", "vigo.envoy-reports", "kafka-acls");
        assertThat(deployment).as("the streams app's internal topics need ACLs too").contains("--topic vigo-swarm- --resource-pattern-type prefixed");
        assertThat(deployment).as("Kafka ACLs take no principal prefixes").doesNotContain("User:envoy-*");
        assertThat(deployment).as("only the gateways write the envoys' topics").contains("--allow-principal User:vigo-gateway")
                .doesNotContain("--allow-principal User:envoy ");
    }
}
