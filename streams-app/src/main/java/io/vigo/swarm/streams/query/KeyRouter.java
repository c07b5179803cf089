package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.ApiError;
import io.vigo.swarm.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Keyed queries go to the instance that actively owns the key's partition. A forwarded request is
 * marked, and the instance receiving it answers from its own stores or not at all, so a request
 * never bounces between instances while partitions move.
 */
public final class KeyRouter {

    public static final String FORWARDED_HEADER = "X-Vigo-Forwarded";

    /** Where a key's partition is actively owned: this instance (empty) or another one. */
    public interface Owners {
        Optional<URI> remoteOwner(String store, String key);
    }

    public static final Owners ALWAYS_LOCAL = (store, key) -> Optional.empty();

    private final Owners owners;
    /** The instances' shared secret, sent with a forwarded request (some endpoints are for instances and the gateway only); null for none. */
    private final String instanceToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public KeyRouter(Owners owners) {
        this(owners, null);
    }

    public KeyRouter(Owners owners, String instanceToken) {
        this.owners = owners;
        this.instanceToken = instanceToken;
    }

    /** The owner of {@code key} in {@code store} if it is another instance and the request may still be forwarded. */
    public Optional<URI> forwardTo(String store, String key, boolean forwarded) {
        Optional<URI> owner = owners.remoteOwner(store, key);
        if (owner.isPresent() && forwarded) {
            throw new ViewsUnavailableException("the partition of " + key + " is moving between instances; try again shortly");
        }
        return owner;
    }

    /** Fetches {@code path} (under the API base) from {@code instance}, marked as forwarded, and decodes the answer. */
    public <T> T fetch(URI instance, String path, Class<T> type) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(instance.resolve(path)).header(FORWARDED_HEADER, "1").timeout(Duration.ofSeconds(5));
            if (instanceToken != null) {
                request.header("Authorization", "Bearer " + instanceToken);
            }
            HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                throw new NotFoundException(Json.mapper().readValue(response.body(), ApiError.class).message());
            }
            if (response.statusCode() != 200) {
                throw new ViewsUnavailableException("the owning instance " + instance + " answered " + response.statusCode());
            }
            return Json.mapper().readValue(response.body(), type);
        } catch (IOException e) {
            throw new ViewsUnavailableException("the owning instance " + instance + " cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ViewsUnavailableException("interrupted");
        }
    }
}
