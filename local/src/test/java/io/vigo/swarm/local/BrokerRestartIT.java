package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.local.verify.EventReplay;
import io.vigo.swarm.local.verify.ViewComparison;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The broker restarts in the middle of an ingest: the streams app rides it out and the views equal the events. */
class BrokerRestartIT {

    private static FixtureCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aBrokerRestartDuringIngestLosesAndDuplicatesNothing() throws Exception {
        cluster.allowlist("vigoserver");
        ingest(0, 200);
        cluster.flush();
        Await.until("some of the first half processed", Duration.ofSeconds(60), () -> cluster.client().status().envoysTotal(), n -> n > 0);

        cluster.brokerAt(Instant.now()); // stops and starts the broker on the same log dirs and ports
        ingest(200, 400);
        cluster.flush();

        var status = Await.until("every envoy processed after the restart", Duration.ofSeconds(120), () -> cluster.client().status(),
                s -> s.envoysTotal() == 400 && s.fleetFootprintBytes() == expectedFootprint(400));
        EventReplay replay = EventReplay.read(cluster.bootstrapServers(), cluster.confluentRegistryUrl(), FixtureCluster.TOPICS);
        var client = cluster.client();
        List<String> differences = ViewComparison.differences(replay, io.vigo.swarm.local.verify.ApiViews.fetch(client, replay.tasks().keySet()));
        assertThat(differences).isEmpty();
        assertThat(status.deadLetters()).isZero();
    }

    private static void ingest(int from, int to) {
        for (int i = from; i < to; i++) {
            String host = "host" + i;
            cluster.checkIn(host);
            cluster.cache(host, FixtureCluster.cached(host, 1 + i % 3, 1_000L), List.of());
        }
    }

    private static long expectedFootprint(int envoys) {
        long total = 0;
        for (int i = 0; i < envoys; i++) {
            total += (1 + i % 3) * 1_000L;
        }
        return total;
    }
}
