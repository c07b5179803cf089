package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.local.verify.EventReplay;
import io.vigo.swarm.local.verify.ViewComparison;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streams app, in its own JVM, is SIGKILLed and restarted five times while 100,000 events are
 * ingested (check-ins and caches, seeds that come and go, a revoke, a task and its results); at
 * quiescence an independent replay of the events finds no difference (exactly once).
 */
class CrashLoopIT {

    private static final int ENVOYS = 2_000;
    private static final int ROUNDS = 25; // 2,000 envoys x 25 rounds x 2 events = 100,000 events
    private static FixtureCluster cluster;
    private static Process app;
    private static int port;
    private static Path state;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now());
        state = Files.createDirectories(cluster.dataDir().resolve("crash-loop-instance"));
        port = Ports.free();
        app = startApp();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app.isAlive()) {
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        cluster.close();
    }

    private static Process startApp() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(CliRun.ROOT.resolve("bin/vigo").toString(), "streams", "--port", String.valueOf(port));
        builder.environment().put("VIGO_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        builder.environment().put("VIGO_REGISTRY_URL", cluster.registryUrl());
        builder.environment().put("VIGO_STATE_DIR", state.toString());
        // -Dvigo.crashloop.guarantee=at_least_once runs the same scenario without exactly-once, for comparison.
        builder.environment().put("VIGO_PROCESSING_GUARANTEE", System.getProperty("vigo.crashloop.guarantee", "exactly_once_v2"));
        return builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(cluster.dataDir().resolve("crash-loop.log").toFile())).start();
    }

    @Test
    void fiveSigkillsDuringIngestLeaveViewsEqualToTheEvents() throws Exception {
        // Seeds from allowed (host1...) and refused hosts, a revoke, tasks and their results ride along.
        cluster.allowlist("vigoserver", "host1*");
        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < ENVOYS; i++) {
                String host = "host" + i;
                cluster.checkIn(host);
                List<io.vigo.swarm.events.SeedManifest> seeds = i % 100 == 1 && round % 3 != 2
                        ? List.of(FixtureCluster.seed("release-" + (i / 100) % 7 + ".tar", io.vigo.swarm.events.Subsystem.PAYLOAD))
                        : List.of();
                cluster.cache(host, FixtureCluster.cached(host, 1 + (i + round) % 4, 1_000L + round), seeds);
            }
            if (round == 4) {
                cluster.dispatch("task-crash-" + round, "host10", "host11", "host12", "host13");
            }
            if (round == 9) {
                cluster.taskResult("host10", "task-crash-4", true, "swarm cleanup: dangling_symlinks=1 stale_partials=0 errors=0");
                cluster.taskResult("host12", "task-crash-4", false, "swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=2");
            }
            if (round == 12) {
                cluster.revoke(FixtureCluster.sha("release-3.tar"));
            }
            cluster.flush();
            if (round % 5 == 2 && kills < 5) {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL mid-ingest
                kills++;
                app = startApp();
            }
        }
        assertThat(kills).isEqualTo(5);

        VigoApiClient api = new VigoApiClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(30));
        AtomicReference<String> lastRefusal = new AtomicReference<>("none");
        io.vigo.swarm.api.SwarmStatus status;
        try {
            status = Await.until("quiescence after the last restart", Duration.ofSeconds(180), () -> {
                try {
                    return api.status();
                } catch (RuntimeException e) {
                    lastRefusal.set(e.getMessage());
                    return null;
                }
            }, s -> s != null && s.complete() && s.envoysTotal() == ENVOYS && s.inputLagRecords() == 0);
        } catch (AssertionError e) {
            List<String> log = Files.readAllLines(cluster.dataDir().resolve("crash-loop.log"));
            throw new AssertionError(e.getMessage() + "; the last refusal: " + lastRefusal.get() + "; the app's log ends:\n"
                    + String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())), e);
        }
        EventReplay replay = EventReplay.read(cluster.bootstrapServers(), cluster.confluentRegistryUrl(), FixtureCluster.TOPICS, EventReplay.Progress.NONE);
        List<String> differences = ViewComparison.differences(replay, io.vigo.swarm.local.verify.ApiViews.fetch(api, replay.tasks().keySet()));
        assertThat(differences).isEmpty();
        assertThat(status.deadLetters()).isZero();
    }
}
