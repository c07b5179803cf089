package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.api.SwarmStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second instance runs in its own JVM ({@code bin/vigo streams}) and is killed with SIGKILL
 * while new envoys keep joining and a sampler asks the first instance every 100 ms. Envoys only
 * ever join, so every answer must be complete and no answer may show fewer envoys than an earlier
 * one: under exactly-once the killed instance showed writes it had not committed, and the
 * survivor must not answer from the committed state before it has processed that input again.
 * Correct answers resume within 30 s, and the last one counts every envoy written.
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
            join("host" + i);
        }
        cluster.flush();
        Path state = Files.createDirectories(cluster.dataDir().resolve("second-instance"));
        int port = Ports.free();
        ProcessBuilder builder = new ProcessBuilder(CliRun.ROOT.resolve("bin/vigo").toString(), "streams", "--port", String.valueOf(port));
        builder.environment().put("VIGO_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        builder.environment().put("VIGO_REGISTRY_URL", cluster.registryUrl());
        builder.environment().put("VIGO_STATE_DIR", state.toString());
        builder.environment().put("VIGO_INSTANCE_TOKEN_FILE", cluster.dataDir().resolve("instance.token").toString());
        second = builder.redirectErrorStream(true).redirectOutput(cluster.dataDir().resolve("second-instance.log").toFile()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (second.isAlive()) {
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        cluster.close();
    }

    /** An envoy checks in with one 1,000-byte blob cached. */
    private static void join(String host) {
        cluster.checkIn(host);
        cluster.cache(host, FixtureCluster.cached(host, 1, 1_000L), List.of());
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

        AtomicInteger joined = new AtomicInteger(ENVOYS);
        AtomicBoolean writing = new AtomicBoolean(true);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        writer.scheduleWithFixedDelay(() -> {
            if (writing.get()) {
                join("late" + joined.get());
                cluster.flush();
                joined.incrementAndGet();
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        List<SwarmStatus> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger unanswered = new AtomicInteger();
        AtomicReference<Duration> firstCorrectAfterGap = new AtomicReference<>();
        AtomicReference<Instant> killed = new AtomicReference<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            SwarmStatus status = sample();
            if (status == null) {
                if (killed.get() != null) {
                    unanswered.incrementAndGet();
                }
            } else {
                answers.add(status);
                if (unanswered.get() > 0) {
                    firstCorrectAfterGap.compareAndSet(null, Duration.between(killed.get(), Instant.now()));
                }
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            Await.until("the late envoys being counted", Duration.ofSeconds(30), () -> answers.isEmpty() ? 0 : answers.get(answers.size() - 1).envoysTotal(),
                    total -> total >= ENVOYS + 20);
            killed.set(Instant.now());
            second.destroyForcibly(); // SIGKILL, with writes in flight
            Await.until("20 answers after the gap, or 45 s", Duration.ofSeconds(46), () -> Duration.between(killed.get(), Instant.now()),
                    elapsed -> elapsed.toSeconds() >= 45 || (firstCorrectAfterGap.get() != null && answers.size() > 20));
            writing.set(false);
        } finally {
            writer.shutdown();
            writer.awaitTermination(10, TimeUnit.SECONDS);
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        System.out.printf("after SIGKILL: %d answers, %d unanswered, first answer after the gap at %s, %d envoys written%n",
                answers.size(), unanswered.get(), firstCorrectAfterGap.get(), joined.get());
        assertThat(answers).isNotEmpty().allSatisfy(s -> assertThat(s.complete()).isTrue());
        for (int i = 1; i < answers.size(); i++) {
            SwarmStatus before = answers.get(i - 1), after = answers.get(i);
            assertThat(after.envoysTotal()).as("envoys in answer %d after %d", i, before.envoysTotal()).isGreaterThanOrEqualTo(before.envoysTotal());
            assertThat(after.fleetFootprintBytes()).as("footprint in answer %d", i).isGreaterThanOrEqualTo(before.fleetFootprintBytes());
        }
        if (unanswered.get() > 0) {
            assertThat(firstCorrectAfterGap.get()).isNotNull().isLessThan(Duration.ofSeconds(30));
        }
        Await.until("every envoy written counted once", Duration.ofSeconds(30), InstanceKillIT::sample,
                s -> s != null && s.complete() && s.envoysTotal() == joined.get() && s.fleetFootprintBytes() == joined.get() * 1_000L);
    }
}
