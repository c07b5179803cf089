package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.envoy.publish.EventSink;
import io.vigo.swarm.envoy.simulate.FleetSimulator;
import io.vigo.swarm.envoy.tasks.ApiTaskInbox;
import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.EnvoyUntagged;
import io.vigo.swarm.streams.app.StreamsApp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §12 under churn, on three instances: a simulated fleet runs for about two minutes (envoys
 * silent and back, caches changing on every check-in, a revoke, refused seeders, a tag and an
 * untag, a cleanup task the envoys run, a decommission). At three moments, with the input caught
 * up, the live answers are recorded; afterwards {@code verify --at} finds 0 differences at each,
 * and the as-of status and peers equal what the live views answered then. Then one of the three
 * instances is killed (SIGKILL) and the two others give the same as-of answers.
 */
class HistoryChurnIT {

    /** The simulator's seed: with 60 envoys, 7 of them go silent from 20-30 s for 60-120 s. */
    private static final long SEED = 6L;

    private static FixtureCluster cluster;
    private static StreamsApp second;
    private static String secondApi;
    private static Process third;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        cluster.answers.followSystemClock();
        cluster.allowlist("vigoserver", "*.ci.example.com");
        int port = Ports.free();
        second = cluster.startInstance("b", port);
        secondApi = "http://127.0.0.1:" + port;
        Path state = Files.createDirectories(cluster.dataDir().resolve("third-instance"));
        ProcessBuilder builder = new ProcessBuilder(CliRun.ROOT.resolve("bin/vigo").toString(), "streams", "--port", String.valueOf(Ports.free()));
        builder.environment().put("VIGO_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        builder.environment().put("VIGO_REGISTRY_URL", cluster.registryUrl());
        builder.environment().put("VIGO_STATE_DIR", state.toString());
        builder.environment().put("VIGO_INSTANCE_TOKEN_FILE", cluster.dataDir().resolve("instance.token").toString());
        third = builder.redirectErrorStream(true).redirectOutput(cluster.dataDir().resolve("third-instance.log").toFile()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (third.isAlive()) {
            third.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        second.close();
        cluster.close();
    }

    /** What the live views answered at a moment when the input was caught up. */
    private record Moment(Instant at, SwarmStatus status, PeersPage peers) {
    }

    @Test
    void asOfAnswersEqualTheReplayAndTheLiveViewsThroughChurnAndAFailover() throws Exception {
        Await.until("three instances in the group", Duration.ofSeconds(120),
                () -> cluster.streamsApp().streams().metadataForAllStreamsClients().size(), n -> n == 3);
        GatedSink sink = new GatedSink(cluster.sink());
        VigoApiClient inboxClient = new VigoApiClient(URI.create(cluster.api()), Duration.ofSeconds(5),
                Files.readString(cluster.dataDir().resolve("instance.token")).trim());
        List<Moment> moments = new ArrayList<>();
        Instant started = Instant.now();
        try (FleetSimulator simulator = new FleetSimulator(sink, new ApiTaskInbox(inboxClient), 60, SEED, "vigoserver", Clock.systemUTC())) {
            simulator.start();
            for (int i = 1; i <= 3; i++) {
                Instant next = started.plusSeconds(35L * i);
                Await.until("the fleet running until " + next, Duration.ofSeconds(60), Instant::now, now -> now.isAfter(next));
                churn(i);
                moments.add(record(sink));
            }
        }

        for (Moment moment : moments) {
            String output = verifyAt(moment.at());
            assertThat(output).contains("verify: as of " + moment.at() + ": ").contains(" 0 difference(s) in the status, 0 in the peers, 0 in ")
                    .contains(" envoys' details, 0 in the manifest entries");
            assertAsOf(cluster.client(), moment);
        }
        assertThat(moments).as("some envoys silent at a moment").anyMatch(m -> m.status().envoysOnline() < m.status().envoysTotal());
        assertThat(without(moments.get(0).status())).isNotEqualTo(without(moments.get(2).status()));

        third.destroyForcibly(); // SIGKILL: its partitions move to the two others
        assertThat(third.waitFor(10, TimeUnit.SECONDS)).isTrue();
        for (Moment moment : moments) {
            assertAsOf(cluster.client(), moment);
            assertAsOf(new VigoApiClient(URI.create(secondApi), Duration.ofSeconds(30)), moment);
        }
    }

    /** Operator changes between the moments: a tag, a cleanup task the simulated envoys run, an untag and a decommission. */
    private static void churn(int round) {
        switch (round) {
            case 1 -> cluster.publishOperator("host0003", new EnvoyTagged("host0003", "team", "ops", "test", Instant.now()));
            case 2 -> {
                cluster.dispatch("task-churn-0001", "host0004", "host0005", "host0006");
                cluster.publishOperator("host0003", new EnvoyUntagged("host0003", "team", "test", Instant.now()));
            }
            default -> cluster.publishOperator("host0008", new EnvoyDecommissioned("host0008", "test", Instant.now()));
        }
        cluster.flush();
    }

    /** Holds the fleet, waits for the views to catch up, records the live answers and the moment, lets the fleet go on. */
    private static Moment record(GatedSink sink) {
        sink.pause();
        try {
            cluster.flush();
            // The lag is sampled every 250 ms: an answer given well after the flush has seen its records.
            Instant flushed = Instant.now();
            SwarmStatus status = Await.until("the views caught up", Duration.ofSeconds(60), HistoryChurnIT::liveStatus,
                    s -> s != null && s.complete() && s.inputLagRecords() == 0 && s.generatedAt().isAfter(flushed.plusSeconds(1)));
            PeersPage peers = cluster.client().peers(PeerSort.HOSTNAME, 0);
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Await.until("the clock past " + at, Duration.ofSeconds(5), Instant::now, now -> now.isAfter(at.plusMillis(1)));
            return new Moment(at, status, peers);
        } finally {
            sink.resume();
        }
    }

    private static SwarmStatus liveStatus() {
        try {
            return cluster.client().status();
        } catch (ApiException e) {
            return null;
        }
    }

    /**
     * The as-of status and peers equal the live answers of the moment; online is the sweep's in a
     * live answer and the rule's in an as-of one, so it is left to verify --at, which judges it by the rule.
     */
    private static void assertAsOf(VigoApiClient client, Moment moment) {
        SwarmStatus status = Await.until("a complete as-of status", Duration.ofSeconds(90), () -> {
            try {
                return client.status(moment.at());
            } catch (ApiException e) {
                return null; // 503 while partitions move
            }
        }, s -> s != null && s.complete());
        assertThat(without(status)).as("status as of %s", moment.at()).isEqualTo(without(moment.status()));
        PeersPage peers = Await.until("a complete as-of peers page", Duration.ofSeconds(90), () -> {
            try {
                return client.peers(PeerSort.HOSTNAME, 0, moment.at());
            } catch (ApiException e) {
                return null;
            }
        }, p -> p != null && p.complete());
        assertThat(rows(peers)).as("peers as of %s", moment.at()).isEqualTo(rows(moment.peers()));
    }

    private static JsonNode without(SwarmStatus status) {
        ObjectNode node = Json.mapper().valueToTree(status);
        for (String field : List.of("generatedAt", "asOf", "inputLagRecords", "deadLetters", "envoysOnline")) {
            node.remove(field);
        }
        return node;
    }

    private static List<PeerRow> rows(PeersPage page) {
        return page.rows().stream().map(r -> new PeerRow(r.hostname(), null, r.substrate(), r.seeding(), r.cached(), r.downloading(),
                r.footprintBytes(), r.lastSeen(), r.resolvedColor(), r.colorPinned())).toList();
    }

    private static String verifyAt(Instant at) throws Exception {
        Process verify = new ProcessBuilder(CliRun.ROOT.resolve("bin/vigo").toString(), "verify", "--at", at.toString(),
                "--bootstrap-servers", cluster.bootstrapServers(), "--registry-url", cluster.confluentRegistryUrl(), "--api", cluster.api())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(output).isZero();
        return output;
    }

    /** The simulator's sink, held shut while the live answers of a moment are recorded. */
    private static final class GatedSink implements EventSink {
        private final EventSink inner;
        private boolean paused;

        GatedSink(EventSink inner) {
            this.inner = inner;
        }

        @Override
        public synchronized Future<?> send(String key, SpecificRecord event) {
            while (paused) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the fleet was held", e);
                }
            }
            return inner.send(key, event);
        }

        @Override
        public void flush() {
            inner.flush();
        }

        synchronized void pause() {
            paused = true;
        }

        synchronized void resume() {
            paused = false;
            notifyAll();
        }
    }
}
