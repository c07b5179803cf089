package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registry that cannot be reached is not a bad record: a streams app that starts (with no
 * schemas cached) while the registry is down waits and retries, sends nothing to the dead-letter
 * topic, and processes every event once the registry is back.
 */
class RegistryOutageIT {

    private static FixtureCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now());
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void eventsWaitingWhileTheRegistryIsDownAreProcessedWhenItReturnsAndNoneAreDeadLettered() throws Exception {
        cluster.allowlist("vigoserver");
        for (int i = 0; i < 20; i++) {
            cluster.checkIn("host" + i);
            cluster.cache("host" + i, FixtureCluster.cached("host" + i, 1, 1_000L), List.of());
        }
        cluster.flush();
        cluster.stopRegistry();

        long retriesBefore = io.vigo.swarm.streams.errors.DeadLetters.REGISTRY_RETRIES.get();
        cluster.startStreams();
        // It cannot decode anything yet: operators are told it is unavailable (retryable), not given wrong numbers.
        CliRun meanwhile = CliRun.vigocli(java.util.Map.of(), "swarm", "status", "--server", cluster.api());
        assertThat(meanwhile.exitCode()).as(meanwhile.stderr()).isEqualTo(3);
        assertThat(meanwhile.stdout()).isEmpty();

        Await.until("a decode that waited for the registry", Duration.ofSeconds(60),
                io.vigo.swarm.streams.errors.DeadLetters.REGISTRY_RETRIES::get, n -> n > retriesBefore);
        // ... and told why: the registry, by its address, not "restoring".
        CliRun halted = Await.until("the CLI naming the registry", Duration.ofSeconds(30),
                () -> CliRun.vigocli(java.util.Map.of(), "swarm", "status", "--server", cluster.api()),
                run -> run.stderr().contains("processing halted since"));
        assertThat(halted.exitCode()).isEqualTo(3);
        assertThat(halted.stderr()).contains("the schema registry at " + cluster.registryUrl() + " does not answer");
        assertThat(halted.stderr().lines()).hasSize(1);
        cluster.startRegistry();
        var status = Await.until("every event processed", Duration.ofSeconds(90), () -> cluster.client().status(),
                s -> s.envoysTotal() == 20 && s.fleetFootprintBytes() == 20_000L);
        assertThat(status.deadLetters()).isZero();
        cluster.stopStreams();
    }
}
