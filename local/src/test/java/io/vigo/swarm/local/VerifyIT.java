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
        cluster.allowlist("vigoserver");
        for (int i = 0; i < 30; i++) {
            String host = "host" + i;
            cluster.checkIn(host);
            cluster.cache(host, FixtureCluster.cached(host, i % 5, 1_000L * (i + 1)), List.of());
        }
        cluster.publishOperator("host3", new io.vigo.swarm.events.EnvoyTagged("host3", "team", "ops", "test", Instant.now()));
        cluster.publishOperator("host4", new io.vigo.swarm.events.EnvoyDecommissioned("host4", "test", Instant.now()));
        cluster.flush();
        Await.until("quiescence", Duration.ofSeconds(60), () -> cluster.client().status(), s -> s.envoysTotal() == 29);

        Process verify = new ProcessBuilder(CliRun.ROOT.resolve("bin/vigo").toString(), "verify",
                "--bootstrap-servers", cluster.bootstrapServers(), "--registry-url", cluster.confluentRegistryUrl(), "--api", cluster.api())
                .redirectErrorStream(true).start();
        assertThat(verify.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.exitValue()).as(output).isZero();
        assertThat(output).contains("verify: 30 envoys replayed, 0 difference(s)");
    }
}
