package io.vigo.swarm.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Merging partial answers across instances: complete only when every partition came exactly once;
 * a partition two instances both claim, or one nobody answers, makes the answer incomplete (never
 * a double count); the other instance is a real HTTP server answering as an instance would.
 */
class PartialsTest {

    private static final String TOKEN = "instance-token-0123456789";

    /** One partition's answer in these tests: how many envoys it counts. */
    record Count(long envoys) {
    }

    /** Counts per partition, the argument naming a multiplier, so the argument's trip is visible. */
    record Times(int factor) {
    }

    private HttpServer other;
    private final AtomicReference<String> otherAnswer = new AtomicReference<>("{}");
    private final AtomicReference<String> seenAuthorization = new AtomicReference<>();
    private final AtomicReference<String> seenQuery = new AtomicReference<>();

    private URI startOther() throws IOException {
        other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext(Partials.PATH, exchange -> {
            seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            seenQuery.set(exchange.getRequestURI().getQuery());
            byte[] body = otherAnswer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        return URI.create("http://127.0.0.1:" + other.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (other != null) {
            other.stop(0);
        }
    }

    /** This instance owns the partitions given; each counts 10 × the factor. */
    private static PartialQuery<Times, Count> countQuery(MapStores stores) {
        return new PartialQuery<>("counts", Times.class, Count.class,
                (partition, times) -> stores.partition("fleet-index", partition) == null ? null : new Count(10L * times.factor()));
    }

    @Test
    void answersFromTwoInstancesMergeIntoACompleteAnswerAndTheArgumentTravelsAsJson() throws Exception {
        MapStores stores = new MapStores(4).own("fleet-index", 0).own("fleet-index", 1);
        URI instance = startOther();
        otherAnswer.set("{\"2\": {\"envoys\": 7}, \"3\": {\"envoys\": 8}}");
        Partials partials = new Partials(stores, () -> List.of(instance), Duration.ofSeconds(1), TOKEN);
        PartialQuery<Times, Count> counts = countQuery(stores);
        partials.register(counts);

        Partials.Gathered<Count> gathered = partials.gather(counts, new Times(2));

        assertThat(gathered.complete()).isTrue();
        assertThat(gathered.byPartition()).isEqualTo(Map.of(0, new Count(20), 1, new Count(20), 2, new Count(7), 3, new Count(8)));
        assertThat(seenAuthorization.get()).isEqualTo("Bearer " + TOKEN);
        assertThat(java.net.URLDecoder.decode(seenQuery.get(), StandardCharsets.UTF_8)).isEqualTo("arg={\"factor\":2}");
    }

    @Test
    void aPartitionClaimedTwiceIsNeverCountedTwice() throws Exception {
        MapStores stores = new MapStores(2).own("fleet-index", 0).own("fleet-index", 1);
        URI instance = startOther();
        otherAnswer.set("{\"1\": {\"envoys\": 99}}"); // the other instance still thinks it owns partition 1
        Partials partials = new Partials(stores, () -> List.of(instance), Duration.ofMillis(300), TOKEN);
        PartialQuery<Times, Count> counts = countQuery(stores);

        Partials.Gathered<Count> gathered = partials.gather(counts, new Times(1));

        assertThat(gathered.complete()).isFalse();
        assertThat(gathered.byPartition().get(1)).as("the first answer for a partition is kept").isEqualTo(new Count(10));
    }

    @Test
    void aPartitionNobodyAnswersMakesTheAnswerIncompleteAfterTheBudget() throws Exception {
        MapStores stores = new MapStores(3).own("fleet-index", 0);
        URI instance = startOther();
        otherAnswer.set("{\"1\": {\"envoys\": 5}}");
        Partials partials = new Partials(stores, () -> List.of(instance, URI.create("http://127.0.0.1:1")), Duration.ofMillis(300), TOKEN);

        Partials.Gathered<Count> gathered = partials.gather(countQuery(stores), new Times(1));

        assertThat(gathered.complete()).isFalse();
        assertThat(gathered.byPartition()).containsOnlyKeys(0, 1);
    }

    @Test
    void anArgumentThatIsNotTheQuerysTypeIsRefusedByName() {
        MapStores stores = new MapStores(1).own("fleet-index", 0);
        Partials partials = Partials.alone(stores);
        partials.register(countQuery(stores));

        assertThat(partials.local("counts", "{\"factor\": 3}")).isEqualTo(Map.of(0, new Count(30)));
        assertThatThrownBy(() -> partials.local("counts", "{\"factor\": \"three\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the argument of counts is not a Times");
        assertThatThrownBy(() -> partials.local("nothing", "{}")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void onlyTheInstanceTokenIsAdmitted() {
        Partials partials = new Partials(new MapStores(1), List::of, Duration.ZERO, TOKEN);
        assertThat(partials.admits("Bearer " + TOKEN)).isEqualTo(Partials.Admission.ADMITTED);
        assertThat(partials.admits("Bearer something-else")).isEqualTo(Partials.Admission.WRONG_TOKEN);
        assertThat(partials.admits(null)).isEqualTo(Partials.Admission.WRONG_TOKEN);
        assertThat(Partials.alone(new MapStores(1)).admits("Bearer " + TOKEN)).isEqualTo(Partials.Admission.NO_TOKEN_HERE);
    }
}
