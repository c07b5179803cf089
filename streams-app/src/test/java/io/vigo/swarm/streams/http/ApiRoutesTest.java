package io.vigo.swarm.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigo.swarm.api.Build;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.ServerVersion;
import io.vigo.swarm.streams.query.MapStores;
import io.vigo.swarm.streams.query.Partials;
import io.vigo.swarm.streams.query.SwarmQueries;
import io.vigo.swarm.streams.query.TaskQueries;
import io.vigo.swarm.streams.state.ManifestEntryState;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.streams.write.OperatorActions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP routes over in-memory store partitions and a recording write path: how each refusal
 * maps to a status and one JSON message, and that a fleet-wide write never acts on half a view.
 */
class ApiRoutesTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-23T18:24:11Z"), ZoneOffset.UTC);

    /** Remembers what it was asked to do, and does nothing else. */
    private static final class RecordingActions implements OperatorActions {
        final List<String> done = new ArrayList<>();

        @Override
        public void tag(String hostname, Map<String, String> set, List<String> remove, String operator) {
            done.add("tag " + hostname);
        }

        @Override
        public void decommission(String hostname, String operator) {
            done.add("decommission " + hostname);
        }

        @Override
        public java.time.Instant resetKey(String hostname, String operator) {
            done.add("reset-key " + hostname);
            return CLOCK.instant();
        }

        @Override
        public void revoke(String sha, String operator) {
            done.add("revoke " + sha);
        }

        @Override
        public void purge(List<String> shas, String operator) {
            done.add("purge " + shas);
        }

        @Override
        public void dispatch(String taskId, String verb, String pattern, List<String> targets, String operator, Duration ttl) {
            done.add("dispatch " + taskId);
        }
    }

    private final RecordingActions actions = new RecordingActions();
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiServer server;

    private void serve(MapStores stores, OperatorActions writes, String token) {
        SwarmQueries queries = new SwarmQueries(stores, () -> 0, () -> 0, CLOCK);
        TaskQueries tasks = new TaskQueries(stores, () -> 0, CLOCK);
        server = new ApiServer(queries, tasks, Partials.alone(stores), writes, token, () -> true, Optional::empty,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> new ServerVersion(Build.current(), "4.4.0-test", "vigo-swarm", "vigo.", 3));
        server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode json = Json.mapper().readTree(response.body());
        return json.path("message").asText();
    }

    private static ManifestEntryState entry(String sha, boolean active) {
        return ManifestEntryState.newBuilder().setSha(sha).setLabel("release-" + sha.charAt(0) + ".tar").setSubsystem("payload")
                .setSizeBytes(10).setTarget("*").setRetentionSeconds(0).setActive(active).setPublishedAtMs(1_000)
                .setRevokedAtMs(active ? 0 : 2_000).setRevokeReason(active ? "" : "operator").build();
    }

    private static String sha(char c) {
        return String.valueOf(c).repeat(64);
    }

    @Test
    void theConnectorKeepsAFewMegabytesOfBuffersIdleNotEveryOneItWasGiven() {
        serve(new MapStores(1), actions, null);

        assertThat(server.bufferPools()).isNotEmpty().allSatisfy(pool -> {
            assertThat(pool).isInstanceOf(ArrayByteBufferPool.class);
            ArrayByteBufferPool bounded = (ArrayByteBufferPool) pool;
            assertThat(bounded.getMaxDirectMemory()).isEqualTo(ApiServer.POOLED_DIRECT_BYTES);
            assertThat(bounded.getMaxHeapMemory()).isEqualTo(ApiServer.POOLED_HEAP_BYTES);
        });
    }

    @Test
    void versionNamesTheBuildAndWhatTheServerRuns() throws Exception {
        serve(new MapStores(1), null, null);

        HttpResponse<String> response = send("GET", "/api/v1/version", null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        ServerVersion version = Json.mapper().readValue(response.body(), ServerVersion.class);
        assertThat(version.build().version()).as("filtered from the POM, not left as a placeholder").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(version.build().built()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(version).extracting(ServerVersion::kafkaStreams, ServerVersion::topicPrefix, ServerVersion::instances)
                .containsExactly("4.4.0-test", "vigo.", 3);
    }

    @Test
    void purgeOfEveryRevokedEntryIsRefusedWhileAPartitionDidNotAnswer() throws Exception {
        MapStores stores = new MapStores(2).put(StoreNames.MANIFEST, 0, sha('a'), entry(sha('a'), false)); // partition 1 is moving
        serve(stores, actions, TOKEN);

        HttpResponse<String> response = send("POST", "/api/v1/swarm/filecast/purge", null, "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(message(response)).contains("not every partition answered; nothing purged");
        assertThat(actions.done).as("nothing purged from half a list").isEmpty();
    }

    @Test
    void purgeOfEveryRevokedEntryPurgesExactlyTheRevokedOnesOfAWholeList() throws Exception {
        MapStores stores = new MapStores(2)
                .put(StoreNames.MANIFEST, 0, sha('a'), entry(sha('a'), false))
                .put(StoreNames.MANIFEST, 1, sha('b'), entry(sha('b'), true))
                .put(StoreNames.MANIFEST, 1, sha('c'), entry(sha('c'), false));
        serve(stores, actions, TOKEN);

        HttpResponse<String> response = send("POST", "/api/v1/swarm/filecast/purge", null, "Bearer " + TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(actions.done).containsExactly("purge " + List.of(sha('a'), sha('c')));
    }

    @Test
    void writesWithoutTheTokenAre401AndWithoutAWritePathAre403() throws Exception {
        serve(new MapStores(1), actions, TOKEN);
        HttpResponse<String> noToken = send("POST", "/api/v1/envoys/danlap/decommission", null, null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(message(noToken)).startsWith("writes need the operator token");
        server.close();

        serve(new MapStores(1), null, null);
        HttpResponse<String> disabled = send("POST", "/api/v1/envoys/danlap/decommission", null, "Bearer " + TOKEN);
        assertThat(disabled.statusCode()).isEqualTo(403);
        assertThat(message(disabled)).startsWith("writes are disabled");
        assertThat(actions.done).isEmpty();
    }

    @Test
    void eachRefusalIsOneJsonMessageWithItsStatus() throws Exception {
        serve(new MapStores(1).own(StoreNames.FLEET_TOTALS, 0).own(StoreNames.PEER_ORDER, 0).own(StoreNames.FLEET_INDEX, 0), actions, TOKEN);

        HttpResponse<String> badSort = send("GET", "/api/v1/swarm/peers?sort=size", null, null);
        assertThat(badSort.statusCode()).isEqualTo(400);
        assertThat(message(badSort)).isEqualTo("unknown sort key \"size\"; use footprint, blobs or hostname");

        HttpResponse<String> badLimit = send("GET", "/api/v1/swarm/peers?limit=-1", null, null);
        assertThat(badLimit.statusCode()).isEqualTo(400);

        HttpResponse<String> badHost = send("GET", "/api/v1/envoys/Not_A_Host", null, null);
        assertThat(badHost.statusCode()).isEqualTo(400);

        HttpResponse<String> malformed = send("POST", "/api/v1/envoys/danlap/tags", "{\"set\": ", "Bearer " + TOKEN);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(message(malformed)).startsWith("the body must be");

        HttpResponse<String> wrongMethod = send("DELETE", "/api/v1/swarm/status", null, null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(message(wrongMethod)).contains("DELETE");

        HttpResponse<String> unknown = send("GET", "/api/v1/nothing-here", null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(message(unknown)).contains("/api/v1/nothing-here");

        HttpResponse<String> notYet = send("GET", "/api/v1/swarm/filecast", null, null);
        assertThat(notYet.statusCode()).as("no manifest partition owned here yet").isEqualTo(503);
        assertThat(actions.done).isEmpty();
    }

    @Test
    void partialQueriesAreForTheAppsOwnInstancesOnly() throws Exception {
        serve(new MapStores(1).own(StoreNames.FLEET_TOTALS, 0), actions, TOKEN);
        HttpResponse<String> response = send("GET", "/internal/v1/partials/fleet-totals", null, "Bearer " + TOKEN);
        assertThat(response.statusCode()).as("this instance has no instance token: it answers alone").isEqualTo(403);
        assertThat(message(response)).contains("instance.token.file");
    }
}
