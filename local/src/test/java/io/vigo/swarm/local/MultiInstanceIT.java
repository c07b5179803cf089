package io.vigo.swarm.local;

import static io.vigo.swarm.local.FixtureCluster.cached;
import static io.vigo.swarm.local.FixtureCluster.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.streams.app.StreamsApp;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances of the streams app share the partitions: whichever one is asked, fleet-wide
 * answers merge every instance's partitions exactly once and keyed answers come from the owner,
 * so every instance gives the same answer.
 */
class MultiInstanceIT {

    private static final int ENVOYS = 60;
    private static FixtureCluster cluster;
    private static final List<StreamsApp> extra = new ArrayList<>();
    private static final List<String> apis = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        cluster.allowlist("vigoserver", "*.ci.example.com");
        for (int i = 0; i < ENVOYS; i++) {
            String host = i % 10 == 0 ? "build" + i + ".ci.example.com" : "host" + i;
            cluster.checkIn(host);
            cluster.cache(host, cached(host, i % 4, 1_000_000L), i % 10 == 0 ? List.of(seed("artifact-" + i, Subsystem.GITBACK)) : List.of());
        }
        cluster.flush();
        apis.add(cluster.api());
        for (String name : List.of("b", "c")) {
            int port = Ports.free();
            extra.add(cluster.startInstance(name, port));
            apis.add("http://127.0.0.1:" + port);
        }
        cluster.answers.set(Instant.parse("2026-04-23T18:24:11Z"));
    }

    @AfterAll
    static void stop() throws Exception {
        extra.forEach(StreamsApp::close);
        cluster.close();
    }

    private static JsonNode without(Object answer, String... fields) {
        ObjectNode node = Json.mapper().valueToTree(answer);
        for (String field : fields) {
            node.remove(field);
        }
        return node;
    }

    @Test
    void everyInstanceOwnsPartitionsAndGivesTheSameAnswers() {
        Await.until("every instance actively owning a partition", Duration.ofSeconds(90),
                () -> extra.stream().allMatch(app -> app.streams().metadataForLocalThreads().stream()
                        .anyMatch(thread -> !thread.activeTasks().isEmpty()))
                        && !cluster.streamsApp().streams().metadataForLocalThreads().stream().allMatch(t -> t.activeTasks().isEmpty()),
                owned -> owned);

        VigoApiClient first = client(apis.get(0));
        var expected = Await.until("the whole fleet through the first instance", Duration.ofSeconds(90), first::status,
                s -> s.complete() && s.envoysTotal() == ENVOYS && s.manifestActive() == 6 && s.seedingEnvoys() == 6 && s.substrateActive() == 48);
        for (String api : apis) {
            VigoApiClient client = client(api);
            var status = Await.until("a complete status from " + api, Duration.ofSeconds(60), client::status, s -> s.complete()
                    && s.envoysTotal() == ENVOYS && s.seedingEnvoys() == 6 && s.substrateActive() == 48);
            assertThat(without(status, "inputLagRecords")).as(api).isEqualTo(without(expected, "inputLagRecords"));
            assertThat(without(client.peers(io.vigo.swarm.api.PeerSort.FOOTPRINT, 0), "inputLagRecords"))
                    .isEqualTo(without(first.peers(io.vigo.swarm.api.PeerSort.FOOTPRINT, 0), "inputLagRecords"));
            assertThat(without(client.envoys(), "inputLagRecords")).isEqualTo(without(first.envoys(), "inputLagRecords"));
            assertThat(without(client.filecasts(), "inputLagRecords")).isEqualTo(without(first.filecasts(), "inputLagRecords"));
            for (String host : List.of("host1", "host7", "build20.ci.example.com", "host59")) {
                assertThat(without(client.envoy(host), "inputLagRecords")).as(api + " " + host)
                        .isEqualTo(without(first.envoy(host), "inputLagRecords"));
            }
        }
        CliRun viaB = CliRun.vigocli(Map.of(), "swarm", "status", "--server", apis.get(1));
        CliRun viaC = CliRun.vigocli(Map.of(), "swarm", "status", "--server", apis.get(2));
        assertThat(viaB.exitCode()).as(viaB.stderr()).isZero();
        assertThat(viaB.stdout()).isEqualTo(viaC.stdout()).contains("Envoys online     60 / 60");
    }

    @Test
    void eachInstanceGaugesOnlyItsOwnPartitionsAndTheyAddUpToTheFleet() {
        Await.until("every instance's own partitions gauged, adding up to the fleet", Duration.ofSeconds(90), () -> {
            List<Long> known = new ArrayList<>();
            for (String api : apis) {
                known.add(gauge(api, "vigo_envoys_known"));
            }
            return known;
        }, known -> known.stream().mapToLong(Long::longValue).sum() == ENVOYS && known.stream().allMatch(n -> n < ENVOYS));
    }

    /** One gauge from an instance's Prometheus scrape. */
    private static long gauge(String api, String name) {
        java.net.http.HttpResponse<String> response;
        try {
            response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(api + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("cannot scrape " + api + ": " + e.getMessage(), e);
        }
        return response.body().lines().filter(line -> line.startsWith(name + " "))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(name.length() + 1).trim())).findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing from " + api + "/metrics"));
    }

    private static VigoApiClient client(String api) {
        return new VigoApiClient(URI.create(api), Duration.ofSeconds(10));
    }
}
