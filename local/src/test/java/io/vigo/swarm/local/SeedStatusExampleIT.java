package io.vigo.swarm.local;

import static io.vigo.swarm.local.FixtureCluster.cached;
import static io.vigo.swarm.local.FixtureCluster.seed;
import static io.vigo.swarm.local.FixtureCluster.sha;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.Subsystem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference document's `swarm status` example (a different fleet from the peers example),
 * reproduced byte for byte; the JSON totals against the peers rows; the refused-seed view; and
 * Confluent's Python client decoding every event topic through the registry.
 */
class SeedStatusExampleIT {

    private static FixtureCluster cluster;

    @BeforeAll
    static void replayTheStatusExample() throws Exception {
        cluster = FixtureCluster.start();
        makeRegistryGlobalAndContentIdsDiffer();
        cluster.brokerAt(Instant.now());
        cluster.startStreams();
        cluster.allowlist("vigoserver", "*.ci.example.com");
        for (String host : List.of("vigoserver", "build1.ci.example.com", "danlap", "homeserver", "plex", "annlap", "nas")) {
            cluster.checkIn(host);
        }
        List<SeedManifest> serverSeeds = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            serverSeeds.add(seed("payload-" + i, Subsystem.PAYLOAD));
        }
        for (int i = 1; i <= 3; i++) {
            serverSeeds.add(seed("gitback-" + i, Subsystem.GITBACK));
        }
        cluster.cache("vigoserver", List.of(), serverSeeds);
        cluster.cache("build1.ci.example.com", List.of(), List.of(seed("payload-8", Subsystem.PAYLOAD),
                seed("payload-9", Subsystem.PAYLOAD), seed("payload-10", Subsystem.PAYLOAD),
                seed("gitback-4", Subsystem.GITBACK), seed("gitback-5", Subsystem.GITBACK)));
        cluster.cache("danlap", cached("danlap", 14, 12_000_000L, 12_000_000L, 12_000_000L, 12_000_000L, 12_000_000L,
                12_000_000L, 12_000_000L, 12_000_000L, 12_000_000L, 12_000_000L, 12_000_000L, 12_000_000L, 12_000_000L,
                156_000_000L), List.of(seed("home-video.mkv", Subsystem.PAYLOAD)));
        cluster.cache("homeserver", cached("homeserver", 9, 13_000_000L, 13_000_000L, 13_000_000L, 13_000_000L,
                13_000_000L, 13_000_000L, 13_000_000L, 13_000_000L, 14_000_000L), List.of());
        cluster.cache("plex", cached("plex", 6, 10_000_000L, 10_000_000L, 10_000_000L, 10_000_000L, 10_000_000L,
                2_000_000L), List.of());
        cluster.cache("annlap", List.of(), List.of());
        cluster.cache("nas", List.of(), List.of());
        cluster.publishOperator("nas", new EnvoyTagged("nas", "viz.color", "teal", "fixture", Instant.now()));
        cluster.flush();
        // Revoke only once the entries exist: a revoke of an unknown sha changes nothing.
        Await.until("15 published entries", Duration.ofSeconds(60), () -> cluster.client().status(),
                s -> s.manifestActive() == 15);
        for (String label : List.of("payload-9", "payload-10", "gitback-5")) {
            cluster.revoke(sha(label));
        }
        cluster.flush();
        Await.until("the status example in the views", Duration.ofSeconds(60), () -> cluster.client().status(),
                s -> s.manifestRevoked() == 3 && s.seedingEnvoys() == 2 && s.envoysTotal() == 7);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void statusOutputIsTheReferenceDocumentsByteForByte() {
        cluster.answers.set(Instant.parse("2026-04-23T18:24:11Z"));
        CliRun run = CliRun.vigocli(Map.of(), "swarm", "status", "--server", cluster.api());

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(CliRun.golden("swarm-status.txt"));
    }

    @Test
    void statusTotalsEqualTheSumsOverEveryPeerRow() throws Exception {
        JsonNode status = Json.mapper().readTree(CliRun.vigocli(Map.of(), "swarm", "status", "--json", "--server", cluster.api()).stdout());
        JsonNode peers = Json.mapper().readTree(CliRun.vigocli(Map.of(), "swarm", "peers", "--json", "--limit", "0", "--server", cluster.api()).stdout());
        long online = 0, active = 0, seeding = 0, footprint = 0;
        for (JsonNode row : peers.get("rows")) {
            online += row.get("status").asText().equals("online") ? 1 : 0;
            active += row.get("substrate").asText().equals("active") ? 1 : 0;
            seeding += row.get("seeding").asLong() > 0 ? 1 : 0;
            footprint += row.get("footprintBytes").asLong();
        }
        assertThat(status.get("envoysTotal").asLong()).isEqualTo(peers.get("rows").size());
        assertThat(status.get("envoysOnline").asLong()).isEqualTo(online);
        assertThat(status.get("substrateActive").asLong()).isEqualTo(active);
        assertThat(status.get("seedingEnvoys").asLong()).isEqualTo(seeding);
        assertThat(status.get("fleetFootprintBytes").asLong()).isEqualTo(footprint).isEqualTo(482_000_000L);
        assertThat(status.get("generatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void aSeedFromOutsideTheAllowlistIsListedAsRefused() {
        CliRun run = CliRun.vigocli(Map.of(), "swarm", "refused", "--server", cluster.api());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("danlap").contains("home-video.mkv").contains(sha("home-video.mkv").substring(0, 12));
        assertThat(run.stdout()).doesNotContain("vigoserver");
    }

    @Test
    void confluentsPythonClientDecodesEveryEventTopic() throws Exception {
        var topics = FixtureCluster.TOPICS;
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
                CliRun.ROOT.resolve("local/src/test/python/decode_event_topics.py").toString(),
                cluster.bootstrapServers(), cluster.confluentRegistryUrl(),
                topics.checkins(), topics.envoyReports(), topics.operator(), topics.manifestAdmin(), topics.config()));
        Process python = new ProcessBuilder(command).redirectErrorStream(false).start();
        assertThat(python.waitFor(90, TimeUnit.SECONDS)).as("python finished").isTrue();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.exitValue()).as(err).isZero();

        JsonNode decoded = Json.mapper().readTree(out);
        assertThat(decoded.get(topics.checkins()).get("io.vigo.swarm.events.EnvoyCheckIn").toString()).contains("agentClock", "hostname");
        assertThat(decoded.get(topics.envoyReports()).has("io.vigo.swarm.events.CacheResync")).isTrue();
        assertThat(decoded.get(topics.operator()).has("io.vigo.swarm.events.EnvoyTagged")).isTrue();
        assertThat(decoded.get(topics.manifestAdmin()).has("io.vigo.swarm.events.ManifestRevoked")).isTrue();
        assertThat(decoded.get(topics.config()).has("io.vigo.swarm.events.SeedingAllowlistSet")).isTrue();

        JsonNode version = null;
        for (JsonNode candidate : Json.mapper().readTree(get(cluster.registryUrl() + "/apis/registry/v3/search/versions?limit=500")).get("versions")) {
            if (candidate.get("artifactId").asText().equals(topics.checkins() + "-io.vigo.swarm.events.EnvoyCheckIn")) {
                version = candidate;
            }
        }
        assertThat(version).as("the check-in schema's registry entry").isNotNull();
        assertThat(version.get("globalId").asLong()).as("global and content ids differ, so an id-mode mix-up would show")
                .isNotEqualTo(version.get("contentId").asLong());
    }

    @Test
    void theRegistryHoldsExactlyTheEventSubjects() throws Exception {
        JsonNode subjects = Json.mapper().readTree(get(cluster.confluentRegistryUrl() + "/subjects"));
        List<String> names = new ArrayList<>();
        subjects.forEach(s -> names.add(s.asText()));
        names.removeIf(s -> s.startsWith("interop-skew-"));
        var topics = FixtureCluster.TOPICS;
        // Exactly the event records this fixture published: nothing internal is ever registered.
        assertThat(names).containsExactlyInAnyOrder(
                topics.config() + "-io.vigo.swarm.events.SeedingAllowlistSet",
                topics.checkins() + "-io.vigo.swarm.events.EnvoyCheckIn",
                topics.envoyReports() + "-io.vigo.swarm.events.CacheResync",
                topics.operator() + "-io.vigo.swarm.events.EnvoyTagged",
                topics.manifestAdmin() + "-io.vigo.swarm.events.ManifestRevoked");
    }

    /**
     * Registers every event schema under a side subject first. Apicurio draws global and content
     * ids from one sequence, so they only part ways when a version reuses existing content: the
     * events' own registrations then get new global ids but the old content ids. A serde writing
     * the wrong kind of id would now break the Python decode instead of passing by coincidence.
     */
    private static void makeRegistryGlobalAndContentIdsDiffer() throws Exception {
        for (org.apache.avro.Schema schema : io.vigo.swarm.events.EventCatalogue.all()) {
            String body = Json.mapper().writeValueAsString(Map.of("schema", schema.toString()));
            HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.confluentRegistryUrl()
                            + "/subjects/interop-skew-" + schema.getFullName() + "/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

}
