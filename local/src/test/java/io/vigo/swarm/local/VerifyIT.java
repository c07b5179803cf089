package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `bin/vigo verify` against a real system at quiescence: the views equal a recomputation from the events. */
class VerifyIT {

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
    void theViewsEqualTheEventsAtQuiescence() throws Exception {
        // host1 and host10..host19 may seed; host2 seeds too and is refused.
        cluster.allowlist("vigoserver", "host1*");
        for (int i = 0; i < 30; i++) {
            String host = "host" + i;
            cluster.checkIn(host);
            List<io.vigo.swarm.events.SeedManifest> seeds = i == 1 || i == 2 || i == 12
                    ? List.of(FixtureCluster.seed("release-" + (i % 2) + ".tar", io.vigo.swarm.events.Subsystem.PAYLOAD))
                    : List.of();
            cluster.cache(host, FixtureCluster.cached(host, i % 5, 1_000L * (i + 1)), seeds);
        }
        cluster.announce("host13", FixtureCluster.seed("mirror.git", io.vigo.swarm.events.Subsystem.GITBACK));
        // Resync pages: host8's whole cache replaced by one page, host9's lower half of the sha space emptied.
        cluster.page("host8", "", null, FixtureCluster.cached("host8-paged", 1, 77L), List.of());
        cluster.page("host9", "", "8".repeat(64), List.of(), List.of());
        cluster.publishOperator("host3", new io.vigo.swarm.events.EnvoyTagged("host3", "team", "ops", "test", Instant.now()));
        cluster.publishOperator("host4", new io.vigo.swarm.events.EnvoyDecommissioned("host4", "test", Instant.now()));
        cluster.dispatch("task-verify-0001", "host5", "host6", "host7");
        cluster.taskResult("host5", "task-verify-0001", true, "swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=0");
        cluster.taskResult("host6", "task-verify-0001", false, "swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=1");
        cluster.flush();
        Await.until("the mirror entry published", Duration.ofSeconds(60), () -> cluster.client().status(),
                s -> s.envoysTotal() == 29 && s.manifestActive() == 3);
        cluster.revoke(FixtureCluster.sha("mirror.git"));
        cluster.flush();
        Await.until("quiescence", Duration.ofSeconds(60), () -> cluster.client().status(),
                s -> s.manifestRevoked() == 1 && s.inputLagRecords() == 0);

        Process verify = new ProcessBuilder(CliRun.ROOT.resolve("bin/vigo").toString(), "verify",
                "--bootstrap-servers", cluster.bootstrapServers(), "--registry-url", cluster.confluentRegistryUrl(), "--api", cluster.api())
                .redirectErrorStream(true).start();
        assertThat(verify.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.exitValue()).as(output).isZero();
        assertThat(output).contains("verify: 30 envoys, 3 seeded shas, 1 tasks replayed, 0 undecodable record(s) skipped, 0 difference(s)");
    }
}
