package io.vigo.swarm.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.vigo.swarm.api.ApiError;
import io.vigo.swarm.api.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keyed questions go to the owning instance, once: a forwarded one is answered there or not at all. */
class KeyRouterTest {

    record Answer(String hostname) {
    }

    private HttpServer owner;
    private final AtomicReference<String> forwardedHeader = new AtomicReference<>();

    private URI startOwner(int status, String body) throws IOException {
        owner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        owner.createContext("/", exchange -> {
            forwardedHeader.set(exchange.getRequestHeaders().getFirst(KeyRouter.FORWARDED_HEADER));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        owner.start();
        return URI.create("http://127.0.0.1:" + owner.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (owner != null) {
            owner.stop(0);
        }
    }

    @Test
    void aKeyOwnedHereIsAnsweredHere() {
        KeyRouter router = new KeyRouter(KeyRouter.ALWAYS_LOCAL);
        assertThat(router.forwardTo("fleet-index", "danlap", false)).isEmpty();
        assertThat(router.forwardTo("fleet-index", "danlap", true)).isEmpty();
    }

    @Test
    void aKeyOwnedElsewhereGoesThereMarkedAsForwarded() throws Exception {
        URI instance = startOwner(200, "{\"hostname\": \"danlap\"}");
        KeyRouter router = new KeyRouter((store, key) -> Optional.of(instance));

        URI to = router.forwardTo("fleet-index", "danlap", false).orElseThrow();
        Answer answer = router.fetch(to, "/api/v1/envoys/danlap", Answer.class);

        assertThat(answer).isEqualTo(new Answer("danlap"));
        assertThat(forwardedHeader.get()).isEqualTo("1");
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() {
        KeyRouter router = new KeyRouter((store, key) -> Optional.of(URI.create("http://127.0.0.1:1")));
        assertThatThrownBy(() -> router.forwardTo("fleet-index", "danlap", true))
                .isInstanceOf(ViewsUnavailableException.class).hasMessageContaining("moving between instances");
    }

    @Test
    void theOwnersNotFoundStaysNotFoundAndAnythingElseIsUnavailable() throws Exception {
        URI missing = startOwner(404, Json.mapper().writeValueAsString(new ApiError("no envoy named ghost has checked in")));
        KeyRouter router = new KeyRouter((store, key) -> Optional.of(missing));
        assertThatThrownBy(() -> router.fetch(missing, "/api/v1/envoys/ghost", Answer.class))
                .isInstanceOf(NotFoundException.class).hasMessage("no envoy named ghost has checked in");
        owner.stop(0);

        URI failing = startOwner(500, "{\"message\": \"internal error\"}");
        assertThatThrownBy(() -> router.fetch(failing, "/api/v1/envoys/x", Answer.class))
                .isInstanceOf(ViewsUnavailableException.class).hasMessageContaining("answered 500");
        owner.stop(0);
        owner = null;

        assertThatThrownBy(() -> router.fetch(URI.create("http://127.0.0.1:1"), "/api/v1/envoys/x", Answer.class))
                .isInstanceOf(ViewsUnavailableException.class).hasMessageContaining("cannot be reached");
    }
}
