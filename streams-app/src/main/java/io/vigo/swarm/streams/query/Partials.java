package io.vigo.swarm.streams.query;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Fleet-wide queries across instances. Each named partial query computes one result per store
 * partition; every instance answers for the partitions it actively owns (its own, read through
 * interactive queries), the coordinator asks every instance of the application and merges. An
 * answer is complete only when every partition was covered exactly once; while a rebalance moves
 * partitions it retries within a short budget, then answers incomplete rather than wrong.
 *
 * <p>Partial answers are whole views, so instances ask each other with a secret of their own (the
 * instance token, a bearer credential), never the operator's; without one an instance answers
 * alone and refuses every partial query.
 */
public final class Partials {

    /** The path every instance serves its partial answers under: {@code <base>/<name>}. */
    public static final String PATH = "/internal/v1/partials/";
    /** The query parameter carrying a partial query's argument. */
    public static final String ARGUMENT = "arg";

    /** Results by partition, and whether they cover every partition exactly once. */
    public record Gathered<R>(Map<Integer, R> byPartition, boolean complete) {
    }

    /** One partition's result of a partial query, given the query's argument ("" when it takes none). */
    @FunctionalInterface
    interface PartitionRead<K, V, R> {
        R read(int partition, ReadOnlyKeyValueStore<K, V> store, String argument);
    }

    private record Definition<R>(String store, JavaType type, PartitionRead<Object, Object, R> read) {
    }

    private final LocalStores stores;
    private final Supplier<List<URI>> otherInstances;
    private final Duration budget;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<String, Definition<?>> definitions = new HashMap<>();
    private final String instanceToken;

    /** An instance that answers alone: it asks no other and is asked by none. */
    public static Partials alone(LocalStores stores) {
        return new Partials(stores, List::of, Duration.ZERO, null);
    }

    /**
     * @param instanceToken the secret every instance of the app shares, or null for an instance
     *                      that answers alone
     */
    public Partials(LocalStores stores, Supplier<List<URI>> otherInstances, Duration budget, String instanceToken) {
        this.stores = stores;
        this.otherInstances = otherInstances;
        this.budget = budget;
        this.instanceToken = instanceToken;
    }

    /** Whether a partial query's {@code Authorization} header carries this app's instance token. */
    public Admission admits(String authorization) {
        if (instanceToken == null) {
            return Admission.NO_TOKEN_HERE;
        }
        byte[] expected = ("Bearer " + instanceToken).getBytes(StandardCharsets.UTF_8);
        byte[] presented = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        return java.security.MessageDigest.isEqual(expected, presented) ? Admission.ADMITTED : Admission.WRONG_TOKEN;
    }

    /** The answer to a partial query's credential. */
    public enum Admission { ADMITTED, WRONG_TOKEN, NO_TOKEN_HERE }

    public int partitions() {
        return stores.partitions();
    }

    <K, V, R> void define(String name, String store, JavaType type, BiFunction<Integer, ReadOnlyKeyValueStore<K, V>, R> read) {
        define(name, store, type, (PartitionRead<K, V, R>) (partition, s, argument) -> read.apply(partition, s));
    }

    @SuppressWarnings("unchecked")
    <K, V, R> void define(String name, String store, JavaType type, PartitionRead<K, V, R> read) {
        definitions.put(name, new Definition<>(store, type,
                (partition, s, argument) -> read.read(partition, (ReadOnlyKeyValueStore<K, V>) (Object) s, argument)));
    }

    /** This instance's results of {@code name}, one per partition it can read now. */
    public <R> Map<Integer, R> local(String name) {
        return local(name, "");
    }

    /** This instance's results of {@code name} for {@code argument}, one per partition it can read now. */
    @SuppressWarnings("unchecked")
    public <R> Map<Integer, R> local(String name, String argument) {
        Definition<R> definition = (Definition<R>) definitions.get(name);
        if (definition == null) {
            throw new NotFoundException("no partial query named " + name);
        }
        Map<Integer, R> results = new TreeMap<>();
        for (int partition = 0; partition < stores.partitions(); partition++) {
            ReadOnlyKeyValueStore<Object, Object> store = stores.partition(definition.store(), partition);
            if (store == null) {
                continue;
            }
            try {
                results.put(partition, definition.read().read(partition, store, argument));
            } catch (InvalidStateStoreException e) {
                // moved or restoring since it was looked up: not covered by this instance now
            }
        }
        return results;
    }

    /** Every instance's results of {@code name}, merged; complete when each partition came exactly once. */
    public <R> Gathered<R> gather(String name) {
        return gather(name, "");
    }

    /** {@link #gather(String)} of a partial query that takes an argument. */
    @SuppressWarnings("unchecked")
    public <R> Gathered<R> gather(String name, String argument) {
        Definition<R> definition = (Definition<R>) definitions.get(name);
        Instant deadline = Instant.now().plus(budget);
        Map<Integer, R> merged = Map.of();
        while (true) {
            merged = new TreeMap<>(this.<R>local(name, argument));
            boolean conflict = false;
            for (URI instance : otherInstances.get()) {
                Map<Integer, R> remote = remote(instance, name, argument, definition.type());
                for (Map.Entry<Integer, R> entry : remote.entrySet()) {
                    conflict |= merged.putIfAbsent(entry.getKey(), entry.getValue()) != null;
                }
            }
            if (!conflict && merged.size() == stores.partitions()) {
                return new Gathered<>(merged, true);
            }
            if (Instant.now().isAfter(deadline)) {
                return new Gathered<>(merged, false);
            }
            try {
                Thread.sleep(100); // partitions are moving between instances; ask again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Gathered<>(merged, false);
            }
        }
    }

    private <R> Map<Integer, R> remote(URI instance, String name, String argument, JavaType type) {
        try {
            String query = argument.isEmpty() ? "" : "?" + ARGUMENT + "=" + URLEncoder.encode(argument, StandardCharsets.UTF_8);
            HttpRequest.Builder request = HttpRequest.newBuilder(instance.resolve(PATH + name + query)).timeout(Duration.ofSeconds(2));
            if (instanceToken != null) {
                request.header("Authorization", "Bearer " + instanceToken);
            }
            HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Map.of();
            }
            Map<Integer, R> results = new TreeMap<>();
            JsonNode body = Json.mapper().readTree(response.body());
            for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                results.put(Integer.parseInt(entry.getKey()), Json.mapper().convertValue(entry.getValue(), type));
            }
            return results;
        } catch (IOException | RuntimeException e) {
            return Map.of(); // an instance that cannot answer covers nothing; coverage decides
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }
}
