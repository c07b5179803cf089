package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.EnvoyStatus;
import io.vigo.swarm.events.EnvoyCheckIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streams app loses its state volume while an envoy is online and then falls silent: the app
 * comes back under the same application id, restores its stores from their changelogs, and the
 * envoy still goes offline at its deadline. The offline-deadline index has no changelog of its own
 * (it is rebuilt from the envoys' FleetIndex records when a task starts), so this is the test that
 * the rebuild happens.
 */
class LostStateVolumeIT {

    private static final String QUIET = "quietlap";
    private static final String STEADY = "steadylap";
    /** Long enough that the app is stopped before the quiet envoy's deadline (2.5 intervals), short enough to wait for. */
    private static final long INTERVAL_MS = 8_000;

    private static FixtureCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anEnvoyOnlineWhenTheVolumeWasLostGoesOfflineAtItsDeadlineAfterTheRestore() throws Exception {
        Instant checkedIn = cluster.brokerNow();
        cluster.publishRaw(QUIET, new EnvoyCheckIn(QUIET, "0.34.1", INTERVAL_MS, true, checkedIn, 1L, 1L));
        cluster.checkIn(STEADY);
        cluster.flush();
        Await.until("the quiet envoy online", Duration.ofSeconds(30), () -> cluster.client().envoy(QUIET),
                envoy -> envoy.status() == EnvoyStatus.ONLINE);

        cluster.stopStreams();
        Instant deadline = checkedIn.plusMillis(INTERVAL_MS * 5 / 2);
        assertThat(cluster.brokerNow()).as("the app stopped while the quiet envoy's deadline was still ahead").isBefore(deadline);
        deleteTree(cluster.dataDir().resolve("streams"));
        cluster.startStreams();

        // While it restores, the API answers 503 (Await retries until the deadline).
        EnvoyDetail quiet = Await.until("the quiet envoy offline after the restore", Duration.ofSeconds(120),
                () -> cluster.client().envoy(QUIET), envoy -> envoy.status() == EnvoyStatus.OFFLINE);
        assertThat(quiet.status()).isEqualTo(EnvoyStatus.OFFLINE);
        assertThat(cluster.brokerNow()).as("offline once its deadline passed, not before").isAfter(deadline);
        assertThat(cluster.client().envoy(STEADY).status()).as("an envoy within its deadline stays online").isEqualTo(EnvoyStatus.ONLINE);
        assertThat(cluster.client().status().envoysTotal()).isEqualTo(2);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
