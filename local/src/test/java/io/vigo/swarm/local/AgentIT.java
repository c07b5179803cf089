package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.PeerRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real agent process ({@code bin/vigo envoy}, given only its hostname and cache: it finds the
 * gateway and enrols through the data dir) on a prepared blob cache, driven with the real CLI:
 * it reports its cache and seeds, runs a dispatched cleanup exactly as defined, and after a
 * kill -9 between running a task and publishing its result, publishes that result once on restart
 * without running the task again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentIT {

    private static final String HOST = "agent-host";
    private static FixtureCluster cluster;
    private static Path workDir;
    private static Path cache;
    private static Process agent;
    private static Map<String, String> local;

    private static String sha(int n) {
        return String.format("%064x", n);
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        cluster.startGateway(Map.of()); // the agent finds it, and the enrolment secret, through the data dir
        local = Map.of("VIGO_DATA_DIR", cluster.dataDir().toString());
        cluster.allowlist("vigoserver", "agent-*");
        cluster.flush();
        workDir = Files.createTempDirectory("vigo-agent-it");
        cache = Files.createDirectories(workDir.resolve("cache"));
        Files.createDirectories(cache.resolve(".blobs"));
        Files.createDirectories(cache.resolve("files"));
        Files.createDirectories(cache.resolve(".partial").resolve(sha(1)));
        Files.createDirectories(cache.resolve(".partial").resolve(sha(3)));
        Files.createDirectories(cache.resolve("seed"));
        Files.writeString(cache.resolve(".blobs").resolve(sha(1)), "x".repeat(2_000_000));
        Files.writeString(cache.resolve(".partial").resolve(sha(1)).resolve("0"), "chunk");
        Files.writeString(cache.resolve(".partial").resolve(sha(3)).resolve("0"), "in progress");
        Files.createSymbolicLink(cache.resolve("files").resolve("live"), Path.of("..", ".blobs", sha(1)));
        Files.createSymbolicLink(cache.resolve("files").resolve("gone"), Path.of("..", ".blobs", sha(2)));
        Files.writeString(cache.resolve("seed").resolve("release.tar"), "release contents");
        Files.writeString(cache.resolve("seed").resolve("release.tar.manifest.json"), "{\"label\": \"release.tar\"}");
        Files.writeString(cache.resolve("seed").resolve("orphan.tar"), "no manifest for this one");
        agent = startAgent(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        stopAgent();
        cluster.close();
        try (var files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Process startAgent(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(CliRun.ROOT.resolve("bin/vigo").toString(), "envoy",
                "--hostname", HOST, "--cache-root", cache.toString(), "--interval", "2s");
        builder.environment().putAll(local); // the data dir: endpoints.json (the gateway) and the enrolment secret
        builder.environment().putAll(env);
        return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("agent.log").toFile())).start();
    }

    private static void stopAgent() throws InterruptedException {
        if (agent != null && agent.isAlive()) {
            agent.destroy();
            if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static CliRun vigocli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", cluster.api()));
        return CliRun.vigocli(local, all.toArray(String[]::new));
    }

    private static String dispatch() {
        CliRun run = vigocli("swarm", "cleanup", "--target", "agent-*");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("Dispatched 'vigo swarm _apply-cleanup' to 1 envoy(s) matching \"agent-*\".\n");
        return run.stdout().lines().reduce((a, b) -> b).orElseThrow().replace("  vigocli task status ", "");
    }

    private static JsonNode awaitResult(String taskId) throws Exception {
        CliRun status = vigocli("task", "status", taskId, "--wait", "--timeout", "90s", "--json");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        return Json.mapper().readTree(status.stdout()).get("targets").get(0);
    }

    @Test
    @Order(1)
    void theAgentReportsItsCacheAndSeeds() {
        PeerRow row = Await.until("the agent's row", Duration.ofSeconds(60), () -> cluster.client().peers(io.vigo.swarm.api.PeerSort.HOSTNAME, 0).rows()
                .stream().filter(r -> r.hostname().equals(HOST)).findFirst().orElse(null),
                r -> r != null && r.cached() == 1 && r.downloading() == 1 && r.seeding() == 1 && r.status() == io.vigo.swarm.api.EnvoyStatus.ONLINE);
        assertThat(row.footprintBytes()).isEqualTo(2_000_000L);

        CliRun show = Await.until("the broken manifest reported", Duration.ofSeconds(30), () -> vigocli("envoys", "show", HOST),
                run -> run.stdout().contains("seed/orphan.tar  broken manifest: no manifest orphan.tar.manifest.json"));
        assertThat(show.stdout()).contains("release.tar  payload  16 B  active");
    }

    @Test
    @Order(2)
    void aDispatchedCleanupRemovesExactlyTheDefinedEntriesAndASecondFindsNothing() throws Exception {
        String taskId = dispatch();
        assertThat(vigocli("task", "status", taskId).stdout()).contains("Task " + taskId);

        JsonNode result = awaitResult(taskId);
        assertThat(result.get("hostname").asText()).isEqualTo(HOST);
        assertThat(result.get("state").asText()).isEqualTo("done");
        assertThat(result.get("output").asText()).isEqualTo("swarm cleanup: dangling_symlinks=1 stale_partials=1 errors=0");
        assertThat(cache.resolve("files").resolve("gone")).doesNotExist();
        assertThat(Files.isSymbolicLink(cache.resolve("files").resolve("live"))).isTrue();
        assertThat(cache.resolve(".partial").resolve(sha(1))).doesNotExist();
        assertThat(cache.resolve(".partial").resolve(sha(3)).resolve("0")).exists();
        assertThat(cache.resolve(".blobs").resolve(sha(1))).exists();

        JsonNode second = awaitResult(dispatch());
        assertThat(second.get("output").asText()).isEqualTo("swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=0");
    }

    @Test
    @Order(3)
    void anAgentKilledAfterRunningATaskPublishesItsResultOnceOnRestartWithoutRunningItAgain() throws Exception {
        stopAgent();
        Files.createSymbolicLink(cache.resolve("files").resolve("gone-again"), Path.of("..", ".blobs", sha(9)));
        // Dispatched while the agent is away: it picks the task up when it starts.
        String taskId = dispatch();

        agent = startAgent(Map.of("VIGO_AGENT_HALT_AFTER_TASK", "1"));
        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("the agent halted after running the task").isTrue();
        assertThat(agent.exitValue()).isEqualTo(137);
        assertThat(cache.resolve("files").resolve("gone-again")).as("the task ran").doesNotExist();
        assertThat(Json.mapper().readTree(vigocli("task", "status", taskId, "--json").stdout()).get("pending").asInt())
                .as("its result was never published").isEqualTo(1);

        agent = startAgent(Map.of());
        JsonNode result = awaitResult(taskId);
        // The recorded result of the first run: a second run would have found nothing to remove.
        assertThat(result.get("output").asText()).isEqualTo("swarm cleanup: dangling_symlinks=1 stale_partials=0 errors=0");
        JsonNode task = Json.mapper().readTree(vigocli("task", "status", taskId, "--json").stdout());
        assertThat(task.get("done").asInt()).isEqualTo(1);
        assertThat(task.get("pending").asInt()).isZero();
    }

    @Test
    @Order(4)
    void aRevokedEntrysBlobIsEvictedAndTheLabelLeftBehindIsWhatCleanupRemoves() throws Exception {
        // Another host originates the blob the agent holds; revoking the entry makes the agent evict it.
        cluster.checkIn("vigoserver");
        cluster.cache("vigoserver", List.of(), List.of(new io.vigo.swarm.events.SeedManifest(sha(1), "blob-one",
                io.vigo.swarm.events.Subsystem.PAYLOAD, 2_000_000L, "*", 0L)));
        cluster.flush();
        Await.until("the entry published", Duration.ofSeconds(30), () -> cluster.client().filecasts().entries().size(), n -> n == 2);
        CliRun revoke = vigocli("swarm", "filecast", "revoke", "blob-one");
        assertThat(revoke.exitCode()).as(revoke.stderr()).isZero();

        Await.until("the blob evicted and reported", Duration.ofSeconds(60), () -> cluster.client().peers(io.vigo.swarm.api.PeerSort.HOSTNAME, 0).rows()
                .stream().filter(r -> r.hostname().equals(HOST)).findFirst().orElseThrow(), r -> r.cached() == 0);
        assertThat(cache.resolve(".blobs").resolve(sha(1))).doesNotExist();
        JsonNode result = awaitResult(dispatch());
        assertThat(result.get("output").asText()).isEqualTo("swarm cleanup: dangling_symlinks=1 stale_partials=0 errors=0");
        assertThat(cache.resolve("files").resolve("live")).doesNotExist();
    }

    @Test
    @Order(5)
    void theAgentEnrolledOnceKeepsItsKeyOwnerReadableAndNeverLogsItOrTheSecret() throws Exception {
        Path keyFile = cache.resolve(".vigo-agent").resolve("envoy.key");
        String key = Files.readString(keyFile).trim();
        assertThat(key).startsWith("vk1." + HOST + ".");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String logged = Files.readString(workDir.resolve("agent.log"));
        assertThat(logged).contains("enrolled " + HOST).doesNotContain(key).doesNotContain(cluster.enrolSecret());
        assertThat(logged.split("enrolled " + HOST, -1)).as("one enrolment across three runs of the agent").hasSize(2);
    }
}
