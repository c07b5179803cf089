package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.api.SwarmStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second instance runs in its own JVM ({@code bin/vigo streams}) and is killed with SIGKILL
 * while a sampler asks the first instance every 100 ms: every answer given is the right one (never
 * a silent partial total), and correct answers resume within 30 s.
 */
class InstanceKillIT {

    private static final int ENVOYS = 50;
    private static FixtureCluster cluster;
    private static Process second;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        cluster.allowlist("vigoserver");
        for (int i = 0; i < ENVOYS; i++) {
            cluster.checkIn("host" + i);
            cluster.cache("host" + i, FixtureCluster.cached("host" + i, 1, 1_000L), List.of());
        }
        cluster.flush();
        Path state = Files.createDirectories(cluster.dataDir().resolve("second-instance"));
        int port = Ports.free();
        ProcessBuilder builder = new ProcessBuilder(CliRun.ROOT.resolve("bin/vigo").toString(), "streams", "--port", String.valueOf(port));
        builder.environment().put("VIGO_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        builder.environment().put("VIGO_REGISTRY_URL", cluster.registryUrl());
        builder.environment().put("VIGO_STATE_DIR", state.toString());
        second = builder.redirectErrorStream(true).redirectOutput(cluster.dataDir().resolve("second-instance.log").toFile()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (second.isAlive()) {
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        cluster.close();
    }

    private static SwarmStatus sample() {
        try {
            return cluster.client().status();
        } catch (ApiException e) {
            return null; // 503 / unreachable: no answer, which is allowed; a wrong answer is not
        }
    }

    @Test
    void answersStayCorrectAndResumeWithin30sAfterAnInstanceIsKilled() throws Exception {
        Await.until("the second instance owning partitions", Duration.ofSeconds(120),
                () -> cluster.streamsApp().streams().metadataForAllStreamsClients().size() == 2
                        && cluster.streamsApp().streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum() < 24,
                ready -> ready);
        Await.until("complete answers across both", Duration.ofSeconds(60), InstanceKillIT::sample,
                s -> s != null && s.complete() && s.envoysTotal() == ENVOYS);

        second.destroyForcibly(); // SIGKILL
        Instant killed = Instant.now();
        List<SwarmStatus> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Duration> firstCorrectAfterGap = new java.util.concurrent.atomic.AtomicReference<>();
        var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            SwarmStatus status = sample();
            if (status == null) {
                unanswered.incrementAndGet();
            } else {
                answers.add(status);
                if (unanswered.get() > 0) {
                    firstCorrectAfterGap.compareAndSet(null, Duration.between(killed, Instant.now()));
                }
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            Await.until("20 answers after the gap, or 45 s", Duration.ofSeconds(46), () -> Duration.between(killed, Instant.now()),
                    elapsed -> elapsed.toSeconds() >= 45 || (firstCorrectAfterGap.get() != null && answers.size() > 20));
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        boolean sawGap = unanswered.get() > 0;
        System.out.printf("after SIGKILL: %d answers, %d unanswered, first answer after the gap at %s%n",
                answers.size(), unanswered.get(), firstCorrectAfterGap.get());
        assertThat(answers).allSatisfy(s -> {
            assertThat(s.complete()).isTrue();
            assertThat(s.envoysTotal()).isEqualTo(ENVOYS);
            assertThat(s.fleetFootprintBytes()).isEqualTo(ENVOYS * 1_000L);
        });
        if (sawGap) {
            assertThat(firstCorrectAfterGap.get()).isNotNull().isLessThan(Duration.ofSeconds(30));
        }
        assertThat(answers).isNotEmpty();
    }
}
