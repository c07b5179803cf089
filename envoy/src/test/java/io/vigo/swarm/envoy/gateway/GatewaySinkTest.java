package io.vigo.swarm.envoy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.TaskOutcome;
import io.vigo.swarm.events.TaskResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's delivery queue against a scripted gateway (the JDK's own HTTP server answering what
 * the protocol page says a gateway answers): it backs off on 429 and 503 as told, keeps every
 * event meanwhile, delivers them in order once the gateway takes them, and enrols again when its
 * key is refused. The real gateway and its failure are GatewayIT's and GatewayFailoverIT's.
 */
class GatewaySinkTest {

    private static final String SHA = "a".repeat(64);

    /** What the scripted gateway answers next per path (status, Retry-After), 200 when nothing is scripted. */
    private final Deque<int[]> answers = new ArrayDeque<>();
    private final List<JsonNode> delivered = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final HttpServer server;
    private int enrolments;
    private final List<String> enrolmentIds = new ArrayList<>();

    GatewaySinkTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        paths.add(path);
        byte[] body = exchange.getRequestBody().readAllBytes();
        int[] scripted = path.endsWith("/enrol") ? new int[]{200, 0} : answers.isEmpty() ? new int[]{200, 0} : answers.poll();
        String reply;
        if (scripted[0] != 200) {
            if (scripted[1] > 0) {
                exchange.getResponseHeaders().add("Retry-After", String.valueOf(scripted[1]));
            }
            reply = "{\"message\": \"scripted " + scripted[0] + "\"}";
        } else if (path.endsWith("/enrol")) {
            enrolments++;
            enrolmentIds.add(Json.mapper().readTree(body).path("enrolmentId").asText());
            reply = "{\"hostname\": \"danlap\", \"key\": \"vk1.danlap." + enrolments + ".mac\"}";
        } else {
            JsonNode json = Json.mapper().readTree(body);
            if (json.has("reports")) {
                json.get("reports").forEach(delivered::add);
            } else {
                delivered.add(json);
            }
            reply = "{\"accepted\": 1}";
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(scripted[0], bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private GatewaySink sink(Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("enrol.secret"), "the fleet's enrolment secret");
        GatewayClient client = new GatewayClient(List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), Duration.ofSeconds(5));
        return new GatewaySink(client, new EnvoyCredentials("danlap", dir.resolve("envoy.key"), secret, client), nanos::get);
    }

    private static PeerRecordRemoved removed(long sequence) {
        return new PeerRecordRemoved("danlap", 7L, sequence, SHA);
    }

    @Test
    void waitsAsA429AsksKeepsEveryEventAndDeliversThemInOrderAfter(@TempDir Path dir) throws Exception {
        GatewaySink sink = sink(dir);
        answers.add(new int[]{429, 3});
        sink.send("danlap", removed(1));
        sink.send("danlap", removed(2));
        sink.flush();
        assertThat(delivered).isEmpty();

        sink.send("danlap", removed(3));
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        int requests = paths.size();
        sink.flush();
        assertThat(paths).as("no request before Retry-After has passed").hasSize(requests);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        sink.flush();
        assertThat(delivered).extracting(r -> r.get("sequence").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(sink.queued()).isZero();
    }

    @Test
    void aResultWaitingForA503FailsItsFutureButIsDeliveredLater(@TempDir Path dir) throws Exception {
        GatewaySink sink = sink(dir);
        answers.add(new int[]{503, 1});
        Future<?> result = sink.send("danlap", new TaskResult("danlap", 7L, 1L, "task-0001", TaskOutcome.DONE, "ok", Instant.now()));
        sink.flush();
        assertThat((java.util.concurrent.CompletableFuture<?>) result).as("the agent learns it is not acknowledged, and keeps it unpublished in its ledger").isCompletedExceptionally();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        sink.flush();
        assertThat(delivered).singleElement().satisfies(r -> assertThat(r.get("taskId").asText()).isEqualTo("task-0001"));
    }

    @Test
    void onlyTheLatestCheckInIsSentAfterAnOutage(@TempDir Path dir) throws Exception {
        GatewaySink sink = sink(dir);
        answers.add(new int[]{503, 1});
        sink.send("danlap", new EnvoyCheckIn("danlap", "0.1.0", 15_000L, true, Instant.now(), 7L, 1L));
        sink.flush();
        sink.send("danlap", new EnvoyCheckIn("danlap", "0.1.0", 15_000L, true, Instant.now(), 7L, 2L));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        sink.flush();
        assertThat(delivered).extracting(r -> r.get("sequence").asLong()).containsExactly(2L);
    }

    @Test
    void aRefusedKeyIsDroppedAndTheAgentEnrolsAgain(@TempDir Path dir) throws Exception {
        GatewaySink sink = sink(dir);
        sink.send("danlap", removed(1));
        sink.flush();
        assertThat(Files.readString(dir.resolve("envoy.key")).trim()).isEqualTo("vk1.danlap.1.mac");

        answers.add(new int[]{401, 0});
        sink.send("danlap", removed(2));
        sink.flush();
        sink.flush();
        assertThat(enrolments).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("envoy.key")).trim()).isEqualTo("vk1.danlap.2.mac");
        assertThat(delivered).extracting(r -> r.get("sequence").asLong()).containsExactly(1L, 2L);
        assertThat(enrolmentIds).as("one enrolment id, kept across enrolments").hasSize(2).doesNotContain("")
                .allMatch(id -> id.equals(enrolmentIds.get(0)));
        Path idFile = dir.resolve("envoy.key.enrolment-id");
        assertThat(Files.readString(idFile).trim()).isEqualTo(enrolmentIds.get(0));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(idFile))).isEqualTo("rw-------");
    }
}
