package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.Json;
import io.vigo.swarm.gateway.Gateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway with Kafka gone: a check-in is answered 503 with Retry-After and a message naming
 * Kafka within the ack timeout (the envoy keeps it and sends it again), the gateway itself stays
 * healthy, and once the broker is back the same envoy's check-ins are taken again.
 */
class GatewayBrokerOutageIT {

    private static FixtureCluster cluster;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now());
        Gateway gateway = cluster.startGateway(Map.of("ack.timeout.ms", "3000"));
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
        long epoch = System.currentTimeMillis();
        assertThat(checkIn(key, epoch, 1).statusCode()).isEqualTo(200);

        cluster.stopBroker();
        long sent = System.nanoTime();
        HttpResponse<String> refused = checkIn(key, epoch, 2);
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(Json.mapper().readTree(refused.body()).get("message").asText()).contains("Kafka").contains("send it again");
        assertThat(took).as("answered within the ack timeout, not held").isLessThan(Duration.ofSeconds(10));
        assertThat(GatewayIT.send(base, "GET", "/health", null, null, null).statusCode()).isEqualTo(200);

        cluster.brokerAt(Instant.now()); // the same broker, data dir and port
        Await.until("check-ins taken again", Duration.ofSeconds(90), () -> checkIn(key, epoch, 3).statusCode(), status -> status == 200);
    }

    private static HttpResponse<String> checkIn(String key, long epoch, long sequence) {
        return GatewayIT.send(base, "POST", "/envoy/v1/checkin", key, "application/json", GatewayIT.checkIn("outage-a", epoch, sequence));
    }
}
