package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's edges, as a careless or hostile client meets them: every refusal is one JSON
 * {@code {"message": ...}} with a fitting status, whichever layer refused (a route, Javalin or
 * Jetty), nothing is written, and the operator CLI says one line where the server is not ours.
 */
class ApiEdgesIT {

    private static FixtureCluster cluster;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        token = Files.readString(cluster.dataDir().resolve("operator.token")).trim();
        cluster.checkIn("host0");
        cluster.flush();
        Await.until("host0 in the views", Duration.ofSeconds(60), () -> cluster.client().status(), s -> s.envoysTotal() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    /** One answer: status, content type and body. */
    private record Reply(int status, String contentType, String body) {
        JsonNode json() throws IOException {
            return Json.mapper().readTree(body);
        }
    }

    private static Reply request(String method, String path, String contentType, String body) throws IOException {
        return request(method, path, contentType, body, "Bearer " + token);
    }

    private static Reply request(String method, String path, String contentType, String body, String authorization) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(cluster.api() + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(10_000);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        if (contentType != null) {
            connection.setRequestProperty("Content-Type", contentType);
        }
        if (body != null) {
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Reply(status, connection.getContentType(), text);
    }

    private static void assertRefused(Reply reply, int status, String messagePart) throws IOException {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().path("message").asText()).contains(messagePart);
        assertThat(reply.body()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void malformedJsonOnAWriteIs400NotAnInternalError() throws IOException {
        assertRefused(request("POST", "/api/v1/envoys/host0/tags", "application/json", "{\"set\": "), 400, "the body must be");
        assertRefused(request("POST", "/api/v1/swarm/cleanup", "application/json", "[1, 2, 3]"), 400, "the body must be");
        assertRefused(request("POST", "/api/v1/swarm/cleanup", "application/json", "null"), 400, "the body must be");
    }

    @Test
    void aWriteThatIsNotJsonIs415() throws IOException {
        assertRefused(request("POST", "/api/v1/envoys/host0/tags", "text/plain", "team=ops"), 415, "Content-Type: application/json");
        assertThat(cluster.client().envoy("host0").tags()).isEmpty();
    }

    @Test
    void aWrongMethodIs405AndAnUnknownPathIs404BothInJson() throws IOException {
        assertRefused(request("DELETE", "/api/v1/swarm/status", null, null), 405, "method DELETE is not allowed on /api/v1/swarm/status");
        assertRefused(request("PUT", "/api/v1/envoys/host0/tags", "application/json", "{}"), 405, "not allowed");
        assertRefused(request("GET", "/api/v1/no/such/thing", null, null), 404, "no such path: /api/v1/no/such/thing");
        assertRefused(request("GET", "/api/v1/envoys/nosuchhost", null, null), 404, "nosuchhost");
    }

    @Test
    void aHugeTagBodyIsRefusedWithAShortMessage() throws IOException {
        StringBuilder huge = new StringBuilder("{\"set\": {");
        for (int i = 0; i < 20_000; i++) {
            huge.append(i == 0 ? "" : ",").append("\"BAD KEY ").append(i).append("\": \"v\"");
        }
        Reply tooLarge = request("POST", "/api/v1/envoys/host0/tags", "application/json", huge.append("}}").toString());
        assertRefused(tooLarge, 413, "request body larger than");

        StringBuilder many = new StringBuilder("{\"set\": {");
        for (int i = 0; i < 50; i++) {
            many.append(i == 0 ? "" : ",").append("\"BAD KEY ").append(i).append("\": \"v\"");
        }
        Reply manyBad = request("POST", "/api/v1/envoys/host0/tags", "application/json", many.append("}}").toString());
        assertRefused(manyBad, 400, "and 47 more");
        assertThat(manyBad.body().length()).isLessThan(1_000);

        StringBuilder tooMany = new StringBuilder("{\"set\": {");
        for (int i = 0; i < 101; i++) {
            tooMany.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        }
        assertRefused(request("POST", "/api/v1/envoys/host0/tags", "application/json", tooMany.append("}}").toString()), 400,
                "at most 100 tags per change");
        assertThat(cluster.client().envoy("host0").tags()).isEmpty();
    }

    @Test
    void jettysOwnRefusalsAreJsonToo() throws IOException {
        Reply badHeader = raw("GET /api/v1/swarm/status HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertThat(badHeader.status()).isEqualTo(431);
        assertThat(badHeader.contentType()).startsWith("application/json");
        assertThat(Json.mapper().readTree(badHeader.body()).path("message").asText()).startsWith("HTTP 431");

        long started = System.nanoTime();
        Reply connect = raw("CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: 127.0.0.1:80\r\nConnection: close\r\n\r\n");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(connect.status()).isBetween(400, 499);
        assertThat(connect.contentType()).startsWith("application/json");
    }

    @Test
    void aClientSendingItsHeadersByteByByteIsCutOff() throws Exception {
        URI api = URI.create(cluster.api());
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(200); // the wait for an answer paces the bytes
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/swarm/status HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            long started = System.nanoTime();
            boolean closed = false;
            // One header byte every 200 ms: each byte keeps Jetty's idle timeout from ever firing.
            while (!closed && Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(25)) < 0) {
                try {
                    out.write('x');
                    out.flush();
                    closed = socket.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing to read yet: the server is still waiting for the head
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).as("connection closed by the server").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void theInternalPartialsRefuseABadArgumentWith400() throws IOException {
        String instance = "Bearer " + instanceToken();
        assertRefused(request("GET", "/internal/v1/partials/peer-rows?arg=NOPE", null, null, instance), 400,
                "the argument of peer-rows is not a Page");
        String negative = java.net.URLEncoder.encode("{\"sort\":\"footprint\",\"limit\":-5}", StandardCharsets.UTF_8);
        assertRefused(request("GET", "/internal/v1/partials/peer-rows?arg=" + negative, null, null, instance), 400, ">= 0");
        String unknownSort = java.net.URLEncoder.encode("{\"sort\":\"SIZE\",\"limit\":5}", StandardCharsets.UTF_8);
        assertRefused(request("GET", "/internal/v1/partials/peer-rows?arg=" + unknownSort, null, null, instance), 400,
                "the argument of peer-rows is not a Page");
    }

    @Test
    void theInternalPartialsAnswerOnlyTheAppsOwnInstances() throws IOException {
        String path = "/internal/v1/partials/fleet-totals";
        assertRefused(request("GET", path, null, null, null), 401, "present the instance token");
        assertRefused(request("GET", path, null, null, "Bearer " + token), 401, "present the instance token");
        Reply admitted = request("GET", path, null, null, "Bearer " + instanceToken());
        assertThat(admitted.status()).as(admitted.body()).isEqualTo(200);
        assertThat(admitted.json().size()).as("one answer per partition this instance owns").isPositive();
    }

    private static String instanceToken() throws IOException {
        return Files.readString(cluster.dataDir().resolve("instance.token")).trim();
    }

    @Test
    void theCliSaysOneLineWhenTheServerIsNotTheVigoApi() {
        CliRun registry = CliRun.vigocli(Map.of(), "swarm", "status", "--server", cluster.registryUrl());
        assertThat(registry.exitCode()).isEqualTo(1);
        assertThat(registry.stdout()).isEmpty();
        assertThat(registry.stderr()).startsWith("vigocli: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(registry.stderr().lines()).hasSize(1);
    }

    @Test
    void theCliRefusesATagValueThatIsNotUtf8() throws Exception {
        Process process = new ProcessBuilder(List.of("bash", "-c",
                "exec \"$0\" envoys tag host0 \"team=$(printf 'o\\xff\\xfe')\" --server \"$1\"",
                CliRun.ROOT.resolve("bin/vigocli").toString(), cluster.api()))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isEqualTo(2);
        assertThat(output).isEqualTo("vigocli: tag value of \"team\" is not valid UTF-8\n");
        assertThat(cluster.client().envoy("host0").tags()).isEmpty();
    }

    /** One request written byte for byte on a socket, as no HTTP client library would send it; reads one answer. */
    private static Reply raw(String request) throws IOException {
        URI api = URI.create(cluster.api());
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                head.append((char) in.readUnsignedByte());
            }
            int status = Integer.parseInt(head.toString().split(" ", 3)[1]);
            String contentType = header(head.toString(), "content-type");
            byte[] body = new byte[Integer.parseInt(header(head.toString(), "content-length").isEmpty() ? "0"
                    : header(head.toString(), "content-length"))];
            in.readFully(body);
            return new Reply(status, contentType, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String header(String head, String name) {
        return head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse("");
    }
}
