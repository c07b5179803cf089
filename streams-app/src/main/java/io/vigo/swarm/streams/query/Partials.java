package io.vigo.swarm.streams.query;

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
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

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
    /** The query parameter carrying a partial query's argument, as JSON. */
    public static final String ARGUMENT = "arg";

    /** Results by partition, and whether they cover every partition exactly once. */
    public record Gathered<R>(Map<Integer, R> byPartition, boolean complete) {
    }

    private final LocalStores stores;
    private final Supplier<List<URI>> otherInstances;
    private final Duration budget;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<String, PartialQuery<?, ?>> queries = new HashMap<>();
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

    /** Makes {@code query} answerable to the other instances; every instance registers the same queries. */
    void register(PartialQuery<?, ?> query) {
        queries.put(query.name(), query);
    }

    /**
     * This instance's results of {@code query}, one per partition it can read now. The partitions
     * are read side by side (the common fork-join pool and the caller): a page as of T scans every
     * partition's history, 1.0–1.4 s at 100,000 envoys one partition after another.
     */
    public <A, R> Map<Integer, R> local(PartialQuery<A, R> query, A argument) {
        Map<Integer, R> results = new java.util.concurrent.ConcurrentSkipListMap<>(); // in partition order, as a TreeMap
        java.util.stream.IntStream.range(0, stores.partitions()).parallel().forEach(partition -> {
            try {
                R result = query.read().read(partition, argument);
                if (result != null) {
                    results.put(partition, result);
                }
            } catch (InvalidStateStoreException e) {
                // moved or restoring since it was looked up: not covered by this instance now
            }
        });
        return results;
    }

    /**
     * This instance's results of the query named {@code name}, for another instance: the argument
     * arrives as JSON. A query nobody registered is {@link NotFoundException}; an argument that
     * does not decode to the query's type is {@link IllegalArgumentException}.
     */
    public Map<Integer, ?> local(String name, String argumentJson) {
        PartialQuery<?, ?> query = queries.get(name);
        if (query == null) {
            throw new NotFoundException("no partial query named " + name);
        }
        return localFromJson(query, argumentJson);
    }

    private <A, R> Map<Integer, R> localFromJson(PartialQuery<A, R> query, String argumentJson) {
        A argument;
        try {
            argument = Json.mapper().readValue(argumentJson.isEmpty() ? "{}" : argumentJson, query.argument());
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException bad ? bad : e;
            throw new IllegalArgumentException("the argument of " + query.name() + " is not a " + query.argument().getSimpleName()
                    + ": " + firstLine(cause.getMessage()));
        }
        return local(query, argument);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Every instance's results of a query without an argument, merged. */
    public <R> Gathered<R> gather(PartialQuery<PartialQuery.NoArgument, R> query) {
        return gather(query, PartialQuery.NoArgument.NONE);
    }

    /** Every instance's results of {@code query}, merged; complete when each partition came exactly once. */
    public <A, R> Gathered<R> gather(PartialQuery<A, R> query, A argument) {
        Instant deadline = Instant.now().plus(budget);
        String argumentJson = json(argument);
        while (true) {
            Map<Integer, R> merged = new TreeMap<>(local(query, argument));
            boolean conflict = false;
            for (URI instance : otherInstances.get()) {
                Map<Integer, R> remote = remote(instance, query, argumentJson);
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

    private static String json(Object argument) {
        try {
            return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(argument); // compact: it travels in the query string
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the argument " + argument, e);
        }
    }

    private <A, R> Map<Integer, R> remote(URI instance, PartialQuery<A, R> partial, String argumentJson) {
        try {
            String query = "?" + ARGUMENT + "=" + URLEncoder.encode(argumentJson, StandardCharsets.UTF_8);
            HttpRequest.Builder request = HttpRequest.newBuilder(instance.resolve(PATH + partial.name() + query)).timeout(Duration.ofSeconds(2));
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
                results.put(Integer.parseInt(entry.getKey()), Json.mapper().treeToValue(entry.getValue(), partial.result()));
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
