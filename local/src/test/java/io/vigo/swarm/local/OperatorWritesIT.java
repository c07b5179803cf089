package io.vigo.swarm.local;

import static io.vigo.swarm.local.FixtureCluster.seed;
import static io.vigo.swarm.local.FixtureCluster.sha;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.Subsystem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator's writes through the real CLI: each returns only once the views show it, so the
 * very next command sees the change. Writes without the token are refused and change nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorWritesIT {

    private static FixtureCluster cluster;
    private static Map<String, String> local;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        local = Map.of("VIGO_DATA_DIR", cluster.dataDir().toString());
        cluster.allowlist("vigoserver", "build*.ci.example.com");
        cluster.checkIn("danlap");
        cluster.checkIn("vigoserver");
        cluster.checkIn("build1.ci.example.com");
        cluster.cache("vigoserver", List.of(), List.of(seed("release-1.tar", Subsystem.PAYLOAD), seed("release-2.tar", Subsystem.PAYLOAD)));
        // Two different files published under one label, by two hosts.
        cluster.cache("build1.ci.example.com", List.of(), List.of(
                new SeedManifest(sha("same-a"), "same.tar", Subsystem.PAYLOAD, 1L, "*", 0L)));
        cluster.cache("danlap", List.of(), List.of());
        cluster.flush();
        Await.until("three envoys and entries", Duration.ofSeconds(60), () -> cluster.client().status(),
                s -> s.envoysTotal() == 3 && s.manifestActive() == 3);
        cluster.cache("vigoserver", List.of(), List.of(seed("release-1.tar", Subsystem.PAYLOAD), seed("release-2.tar", Subsystem.PAYLOAD),
                new SeedManifest(sha("same-b"), "same.tar", Subsystem.PAYLOAD, 1L, "*", 0L)));
        cluster.flush();
        Await.until("four entries", Duration.ofSeconds(60), () -> cluster.client().status(), s -> s.manifestActive() == 4);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static CliRun vigocli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", cluster.api()));
        return CliRun.vigocli(local, all.toArray(String[]::new));
    }

    private static JsonNode json(CliRun run) throws Exception {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return Json.mapper().readTree(run.stdout());
    }

    @Test
    @Order(1)
    void tagsAreVisibleToTheVeryNextCommand() throws Exception {
        CliRun tag = vigocli("envoys", "tag", "danlap", "viz.color=green", "team=ops");
        assertThat(tag.stdout()).isEqualTo("Tagged danlap: viz.color=green team=ops\n");

        JsonNode shown = json(vigocli("envoys", "show", "danlap", "--json"));
        assertThat(shown.get("tags").get("team").asText()).isEqualTo("ops");
        assertThat(shown.get("resolvedColor").asText()).isEqualTo("#a6e3a1");
        assertThat(shown.get("colorPinned").asBoolean()).isTrue();

        assertThat(vigocli("envoys", "tag", "danlap", "team-", "viz.color=#ABC").exitCode()).isZero();
        shown = json(vigocli("envoys", "show", "danlap", "--json"));
        assertThat(shown.get("tags").has("team")).isFalse();
        assertThat(shown.get("resolvedColor").asText()).isEqualTo("#aabbcc");

        CliRun show = vigocli("envoys", "show", "danlap");
        assertThat(show.stdout()).contains("Colour            #aabbcc (pinned by viz.color)", "  viz.color=#ABC");
        assertThat(vigocli("envoys", "list").stdout()).containsPattern("danlap\\s+online\\s+enabled\\s+0.34.1\\s+\\S+ \\S+\\s+viz.color=#ABC");
    }

    @Test
    @Order(2)
    void writesWithoutTheRightTokenAreRefusedAndChangeNothing() throws Exception {
        CliRun wrong = CliRun.vigocli(Map.of("VIGO_TOKEN", "not-the-token"), "envoys", "tag", "danlap", "x=1", "--server", cluster.api());
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.stderr()).startsWith("vigocli: writes need the operator token").doesNotContain("not-the-token");

        CliRun none = CliRun.vigocli(Map.of("VIGO_DATA_DIR", "/nonexistent"), "envoys", "decommission", "danlap", "--server", cluster.api());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("--token-file");

        assertThat(json(vigocli("envoys", "show", "danlap", "--json")).get("tags").has("x")).isFalse();
    }

    @Test
    @Order(3)
    void badTagsAreUsageErrors() {
        for (String[] args : List.of(new String[] {"envoys", "tag", "danlap", "Bad=1"}, new String[] {"envoys", "tag", "danlap", "novalue"},
                new String[] {"envoys", "tag", "Not_A_Host", "a=1"})) {
            CliRun run = vigocli(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.stderr().lines().count()).isEqualTo(1);
        }
        assertThat(vigocli("envoys", "show", "nosuchhost").exitCode()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void revokeByLabelOrPrefixAndPurge() throws Exception {
        CliRun ambiguous = vigocli("swarm", "filecast", "revoke", "same.tar");
        assertThat(ambiguous.exitCode()).isEqualTo(1);
        assertThat(ambiguous.stderr()).contains("ambiguous", sha("same-a").substring(0, 12), sha("same-b").substring(0, 12));

        CliRun revoke = vigocli("swarm", "filecast", "revoke", "release-1.tar");
        assertThat(revoke.stdout()).isEqualTo("Revoked " + sha("release-1.tar").substring(0, 12) + " (release-1.tar).\n");
        JsonNode status = json(vigocli("swarm", "status", "--json"));
        assertThat(status.get("manifestRevoked").asLong()).isEqualTo(1);
        assertThat(status.get("manifestActive").asLong()).isEqualTo(3);

        assertThat(vigocli("swarm", "filecast", "revoke", sha("same-a").substring(0, 8)).exitCode()).isZero();
        assertThat(vigocli("swarm", "filecast", "list").stdout()).contains("revoked (operator)");

        CliRun purge = vigocli("swarm", "filecast", "purge");
        assertThat(purge.stdout()).isEqualTo("Purged 2 revoked entries.\n");
        assertThat(json(vigocli("swarm", "status", "--json")).get("manifestRevoked").asLong()).isZero();
    }

    @Test
    @Order(5)
    void cleanupDispatchesToTheMatchingPopulationAndCollectsEachResult() throws Exception {
        CliRun dispatch = vigocli("swarm", "cleanup", "--target", "*.ci.example.com");
        assertThat(dispatch.exitCode()).as(dispatch.stderr()).isZero();
        String taskId = dispatch.stdout().lines().reduce((a, b) -> b).orElseThrow().replace("  vigocli task status ", "");
        assertThat(dispatch.stdout()).isEqualTo("Dispatched 'vigo swarm _apply-cleanup' to 1 envoy(s) matching \"*.ci.example.com\".\n"
                + "Per-envoy results:\n"
                + "  vigocli task status " + taskId + "\n");

        // Read your writes: the task is there at once.
        JsonNode task = json(vigocli("task", "status", taskId, "--json"));
        assertThat(task.get("targeted").asInt()).isEqualTo(1);
        assertThat(task.get("verb").asText()).isEqualTo("vigo swarm _apply-cleanup");

        String line = "swarm cleanup: dangling_symlinks=2 stale_partials=1 errors=0";
        cluster.taskResult("build1.ci.example.com", taskId, true, line);
        cluster.flush();
        CliRun status = vigocli("task", "status", taskId, "--wait", "--timeout", "30s");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).containsPattern("build1.ci.example.com\\s+done\\s+" + java.util.regex.Pattern.quote(line));
        assertThat(status.stdout()).contains("Done              1", "Pending           0");
        assertThat(vigocli("task", "list").stdout()).contains(taskId);
    }

    @Test
    @Order(6)
    void cleanupThatMatchesNoEnvoyDispatchesNothing() {
        CliRun none = vigocli("swarm", "cleanup", "--target", "nosuch*");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).isEqualTo("vigocli: pattern \"nosuch*\" matched no envoy; nothing dispatched\n");

        cluster.checkInSwarmDisabled("printer");
        cluster.flush();
        Await.until("printer known", Duration.ofSeconds(30), () -> cluster.client().envoys().envoys().size(), n -> n == 4);
        CliRun disabled = vigocli("swarm", "cleanup", "--target", "printer");
        assertThat(disabled.exitCode()).isEqualTo(1);
        assertThat(disabled.stderr()).contains("matched only swarm-disabled envoys (printer)");

        CliRun malformed = vigocli("swarm", "cleanup", "--target", "[abc");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.stderr()).startsWith("vigocli: malformed pattern");

        CliRun unknown = vigocli("task", "status", "0000-no-such-task");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("no task with id 0000-no-such-task");
    }

    @Test
    @Order(7)
    void aRetriedDispatchWithTheSameIdDispatchesOnce() {
        var request = new io.vigo.swarm.api.CleanupRequest("retry-test-0001", "*");
        var api = new io.vigo.swarm.api.VigoApiClient(java.net.URI.create(cluster.api()), Duration.ofSeconds(30),
                readToken());
        var first = api.cleanup(request);
        var second = api.cleanup(request);
        assertThat(second.taskId()).isEqualTo(first.taskId());
        assertThat(second.dispatchedAt()).isEqualTo(first.dispatchedAt());
        assertThat(api.tasks().tasks().stream().filter(t -> t.taskId().equals("retry-test-0001")).count()).isEqualTo(1);
    }

    private static String readToken() {
        try {
            return java.nio.file.Files.readString(cluster.dataDir().resolve("operator.token")).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(8)
    void decommissionTakesTheEnvoyOutOfTheCountsAtOnce() throws Exception {
        CliRun run = vigocli("envoys", "decommission", "danlap");
        assertThat(run.stdout()).isEqualTo("Decommissioned danlap.\n");
        assertThat(json(vigocli("swarm", "status", "--json")).get("envoysTotal").asLong()).isEqualTo(2);
        JsonNode list = json(vigocli("envoys", "list", "--json"));
        assertThat(list.get("envoys")).anySatisfy(e -> {
            assertThat(e.get("hostname").asText()).isEqualTo("danlap");
            assertThat(e.get("decommissioned").asBoolean()).isTrue();
        });
    }
}
