package io.vigo.swarm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a small local HTTP server that answers what a test tells it to. */
class VigoApiClientTest {

    private HttpServer server;
    private volatile int status;
    private volatile String body;
    private volatile String etag;
    private volatile String presentedEtag;
    private volatile String presentedAuthorization;
    private VigoApiClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            presentedEtag = exchange.getRequestHeaders().getFirst("If-None-Match");
            presentedAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (etag != null) {
                exchange.getResponseHeaders().add("ETag", etag);
            }
            if (etag != null && etag.equals(presentedEtag)) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        client = new VigoApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    @Test
    void anErrorWithoutAMessageIsNamedByItsStatus() {
        answer(404, "{\"detail\": \"not here\"}");
        assertThatThrownBy(() -> client.status()).isInstanceOf(ApiException.class)
                .hasMessage("HTTP 404 from " + client.server() + " (is this the vigo API?)");
        answer(500, "<html>oops</html>");
        assertThatThrownBy(() -> client.status()).isInstanceOf(ApiException.class)
                .hasMessage("HTTP 500 from " + client.server());
    }

    @Test
    void anErrorsMessageIsPassedOnAnd503IsRetryable() {
        answer(503, "{\"message\": \"restoring: the views are not ready yet\"}");
        assertThatThrownBy(() -> client.status()).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("restoring: the views are not ready yet");
            assertThat(e.retryable()).isTrue();
            assertThat(e.status()).isEqualTo(503);
        });
    }

    @Test
    void aSuccessfulAnswerWithoutGeneratedAtIsRefusedAsNotTheVigoApi() {
        answer(200, "{}");
        assertThatThrownBy(() -> client.status()).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getMessage()).contains("no generatedAt");
            assertThat(e.retryable()).isFalse();
        });
        answer(200, "[1, 2");
        assertThatThrownBy(() -> client.status()).isInstanceOf(ApiException.class).hasMessageContaining("unreadable answer");
    }

    @Test
    void aConditionalRequestGetsNothingWhenItsEtagStillHolds() {
        etag = "\"abc\"";
        answer(200, "{\"shas\": [\"" + "a".repeat(64) + "\"]}");
        VigoApiClient.Tagged<RevokedShas> first = client.revokedShas(null);
        assertThat(first.etag()).isEqualTo("\"abc\"");
        assertThat(first.value().shas()).hasSize(1);
        assertThat(client.revokedShas(first.etag())).isNull();
        assertThat(presentedEtag).isEqualTo("\"abc\"");
    }

    @Test
    void anUnreachableServerIsRetryable() {
        server.stop(0);
        assertThatThrownBy(() -> client.status()).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.status()).isZero();
        });
    }

    @Test
    void aRefusedWriteCarriesTheServersMessageNotJustItsStatus() {
        answer(401, "{\"message\": \"writes need the operator token: pass --token-file or VIGO_TOKEN\"}");
        VigoApiClient writer = new VigoApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5),
                "not-the-token");

        assertThatThrownBy(() -> writer.decommission("danlap"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("writes need the operator token").doesNotContain("not-the-token");
                });
        assertThat(presentedAuthorization).isEqualTo("Bearer not-the-token");
    }
}
