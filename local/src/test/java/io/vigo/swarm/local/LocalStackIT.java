package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.api.VigoApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `bin/vigo up --simulate 200`, in-process: the whole local system and the simulated fleet. */
class LocalStackIT {

    private static Path dataDir;
    private static LocalStack stack;
    private static VigoApiClient api;

    @BeforeAll
    static void up() throws Exception {
        dataDir = Files.createTempDirectory("vigo-up-it");
        stack = LocalStack.start(new LocalStack.Options(dataDir, Ports.anyFree(), 200, 7L, "vigoserver", List.of("*.ci.example.com")));
        api = new VigoApiClient(URI.create(stack.api()), Duration.ofSeconds(10));
    }

    @AfterAll
    static void down() throws Exception {
        stack.close();
        assertThat(dataDir.resolve("endpoints.json")).doesNotExist();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void withinNinetySecondsTheSimulatedFleetShowsEveryKindOfEnvoyAndEntry() {
        Await.until("an offline envoy, a download, a revoked and a gitback entry, an idle envoy, a refused seed",
                Duration.ofSeconds(90), () -> new Object[] {api.status(), api.peers("footprint", 0), api.refused()}, seen -> {
                    SwarmStatus status = (SwarmStatus) seen[0];
                    PeersPage peers = (PeersPage) seen[1];
                    List<PeerRow> rows = peers.rows();
                    return status.envoysOnline() < status.envoysTotal()
                            && rows.stream().anyMatch(r -> r.downloading() > 0)
                            && status.manifestRevoked() >= 1
                            && status.activeGitback() >= 1
                            && rows.stream().anyMatch(r -> r.substrate().equals("idle"))
                            && !((io.vigo.swarm.api.RefusedSeeds) seen[2]).seeds().isEmpty();
                });
    }

    @Test
    void endpointsNameEveryPartAndTheDataDirIsLocked() throws Exception {
        JsonNode endpoints = Json.mapper().readTree(dataDir.resolve("endpoints.json").toFile());
        assertThat(endpoints.get("kafka").asText()).isEqualTo(stack.bootstrapServers());
        assertThat(endpoints.get("registry").asText()).endsWith("/apis/ccompat/v7");
        assertThat(endpoints.get("api").asText()).isEqualTo(stack.api());
        assertThat(endpoints.get("topics").get("checkins").asText()).isEqualTo("vigo.checkins");

        assertThatThrownBy(() -> LocalStack.start(new LocalStack.Options(dataDir, Ports.anyFree(), 0, 1L, "vigoserver", List.of())))
                .hasMessageContaining("is in use by another `bin/vigo up` (pid " + ProcessHandle.current().pid() + ")");
    }

    @Test
    void theCliFindsTheLocalSystemThroughItsDataDir() {
        CliRun run = CliRun.vigocli(Map.of("VIGO_DATA_DIR", dataDir.toString()), "swarm", "status");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("Swarm substrate — generated ").contains("vigoserver  (server.hostname — implicit)");
    }

    @Test
    void healthReadinessAndMetricsAnswer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(get(http, "/health").statusCode()).isEqualTo(200);
        Await.until("/ready", Duration.ofSeconds(30), () -> get(http, "/ready").statusCode(), code -> code == 200);
        HttpResponse<String> metrics = get(http, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("vigo_envoys_online", "vigo_deadletter_records", "vigo_ingest_lag_records");
        HttpResponse<String> missing = get(http, "/api/v1/envoys/no-such-host");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.mapper().readTree(missing.body()).get("message").asText()).contains("no-such-host");
        HttpResponse<String> badSort = get(http, "/api/v1/swarm/peers?sort=size");
        assertThat(badSort.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(badSort.body()).get("message").asText()).contains("unknown sort key");
    }

    private static HttpResponse<String> get(HttpClient http, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(stack.api() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
