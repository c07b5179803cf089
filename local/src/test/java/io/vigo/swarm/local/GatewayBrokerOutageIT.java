package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.Json;
import io.vigo.swarm.gateway.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway with Kafka gone: a check-in is answered 503 with Retry-After and a message naming
 * Kafka within the ack timeout (the envoy keeps it and sends it again), more than the gateway's
 * buffer is refused at once rather than queued, the gateway itself stays
 * healthy and, its task marks no longer confirmed current, relays task polls instead of answering
 * them itself; once the broker is back the same envoy's check-ins are taken again.
 */
class GatewayBrokerOutageIT {

    private static FixtureCluster cluster;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now());
        Gateway gateway = cluster.startGateway(Map.of("ack.timeout.ms", "3000", "rate.burst", "100"));
        base = gateway.url("127.0.0.1");
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aCheckInWithKafkaAwayIs503AndIsTakenAgainOnceKafkaIsBack() throws Exception {
        HttpResponse<String> enrolled = GatewayIT.send(base, "POST", "/envoy/v1/enrol", cluster.enrolSecret(), "application/json",
                "{\"hostname\": \"outage-a\"}");
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(200);
        String key = Json.mapper().readTree(enrolled.body()).get("key").asText();
        HttpResponse<String> floodEnrolled = GatewayIT.send(base, "POST", "/envoy/v1/enrol", cluster.enrolSecret(), "application/json",
                "{\"hostname\": \"outage-b\"}");
        assertThat(floodEnrolled.statusCode()).as(floodEnrolled.body()).isEqualTo(200);
        String floodKey = Json.mapper().readTree(floodEnrolled.body()).get("key").asText();
        long epoch = System.currentTimeMillis();
        assertThat(checkIn(key, epoch, 1).statusCode()).isEqualTo(200);
        double answeredHere = taskPolls("gateway");
        Await.until("a task poll answered by the gateway from its task marks", Duration.ofSeconds(30),
                () -> poll(key).statusCode() == 200 && taskPolls("gateway") > answeredHere, answered -> answered);

        cluster.stopBroker();
        long sent = System.nanoTime();
        HttpResponse<String> refused = checkIn(key, epoch, 2);
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(Json.mapper().readTree(refused.body()).get("message").asText()).contains("Kafka").contains("send it again");
        assertThat(took).as("answered within the ack timeout, not held").isLessThan(Duration.ofSeconds(10));
        assertThat(GatewayIT.send(base, "GET", "/health", null, null, null).statusCode()).isEqualTo(200);

        // More than the gateway's producer buffer (4 MB) of cache reports while Kafka is away: what no longer
        // fits is refused at once, and no request waits on the gateway's event loops meanwhile.
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            flood.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/envoy/v1/reports")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + floodKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(largeResync("outage-b", epoch, i + 1))).build(), HttpResponse.BodyHandlers.ofString()));
        }
        long askedHealth = System.nanoTime();
        assertThat(GatewayIT.send(base, "GET", "/health", null, null, null).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - askedHealth)).as("health answered while the flood waits for Kafka")
                .isLessThan(Duration.ofSeconds(2));
        List<String> messages = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : flood) {
            HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            messages.add(Json.mapper().readTree(response.body()).get("message").asText());
        }
        assertThat(messages).as("some refused at once: the buffer full").anySatisfy(m -> assertThat(m).contains("buffer is full"));
        assertThat(messages).as("the rest once Kafka did not acknowledge").anySatisfy(m -> assertThat(m).contains("did not acknowledge"));

        // Its task marks can no longer be confirmed current, so the gateway stops answering polls itself and asks the tracker.
        double relayed = taskPolls("tracker");
        Await.until("a task poll relayed with Kafka away", Duration.ofSeconds(30), () -> {
            poll(key);
            return taskPolls("tracker") > relayed;
        }, moved -> moved);

        cluster.brokerAt(Instant.now()); // the same broker, data dir and port
        Await.until("check-ins taken again", Duration.ofSeconds(90), () -> checkIn(key, epoch, 3).statusCode(), status -> status == 200);
    }

    /** A cache resync of 8,000 random shas (about 850 KB of JSON; random, so compression keeps most of it). */
    private static String largeResync(String host, long epoch, long sequence) {
        java.util.Random random = new java.util.Random(sequence);
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < 8_000; i++) {
            peers.append(i == 0 ? "" : ",").append("{\"sha\": \"").append(String.format("%016x%016x%016x%016x", random.nextLong(),
                    random.nextLong(), random.nextLong(), random.nextLong())).append("\", \"state\": \"cached\", \"bytes\": 1000}");
        }
        return GatewayIT.reports("{\"type\": \"cacheResync\", \"hostname\": \"" + host + "\", \"agentEpoch\": " + epoch + ", \"sequence\": "
                + sequence + ", \"peers\": [" + peers + "], \"seeds\": []}");
    }

    private static HttpResponse<String> poll(String key) {
        return GatewayIT.send(base, "GET", "/envoy/v1/tasks", key, null, null);
    }

    private static double taskPolls(String whom) {
        return GatewayIT.taskPolls(base, whom);
    }

    private static HttpResponse<String> checkIn(String key, long epoch, long sequence) {
        return GatewayIT.send(base, "POST", "/envoy/v1/checkin", key, "application/json", GatewayIT.checkIn("outage-a", epoch, sequence));
    }
}
