package io.vigo.swarm.local;

import static io.vigo.swarm.local.FixtureCluster.cached;
import static io.vigo.swarm.local.FixtureCluster.seed;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.events.Subsystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference document's `swarm peers` example, reproduced byte for byte from hand-written
 * events through the real broker, registry, streams app and a {@code bin/vigocli} subprocess.
 * The broker is restarted at each moment an envoy last checked in, so LAST SEEN is the broker's
 * own timestamp, as in production.
 */
class SeedPeersExampleIT {

    private static FixtureCluster cluster;

    private static long mb(long n) {
        return n * 1_000_000L;
    }

    @BeforeAll
    static void replayThePeersExample() throws Exception {
        cluster = FixtureCluster.start();
        cluster.brokerAt(Instant.parse("2026-04-22T21:17:03Z"));
        cluster.allowlist("vigoserver", "danlap");
        cluster.checkIn("annlap");
        cluster.cache("annlap", List.of(), List.of());
        cluster.flush();

        cluster.brokerAt(Instant.parse("2026-04-23T18:22:03Z"));
        cluster.checkIn("plex");
        cluster.flush();

        cluster.brokerAt(Instant.parse("2026-04-23T18:23:03Z"));
        cluster.checkIn("homeserver");
        cluster.flush();

        cluster.brokerAt(Instant.parse("2026-04-23T18:24:03Z"));
        cluster.checkIn("danlap");
        cluster.checkIn("vigoserver");
        // danlap: 14 blobs, 312 MB, seeding two payloads; homeserver 9 blobs, 118 MB; plex 6, 52 MB.
        cluster.cache("danlap", cached("danlap", 14, mb(12), mb(12), mb(12), mb(12), mb(12), mb(12),
                mb(12), mb(12), mb(12), mb(12), mb(12), mb(12), mb(12), mb(156)),
                List.of(seed("danlap-photos.tar", Subsystem.PAYLOAD), seed("danlap-music.tar", Subsystem.PAYLOAD)));
        cluster.cache("homeserver", cached("homeserver", 9, mb(13), mb(13), mb(13), mb(13), mb(13),
                mb(13), mb(13), mb(13), mb(14)), List.of());
        cluster.cache("plex", cached("plex", 6, mb(10), mb(10), mb(10), mb(10), mb(10), mb(2)), List.of());
        cluster.cache("vigoserver", List.of(), List.of(seed("release-1.tar", Subsystem.PAYLOAD),
                seed("release-2.tar", Subsystem.PAYLOAD), seed("fleet-config.git", Subsystem.GITBACK)));
        cluster.flush();
        cluster.startStreams();
        awaitPeers();
    }

    private static PeersPage awaitPeers() {
        return Await.until("the peers example in the views", Duration.ofSeconds(60),
                () -> cluster.client().peers(io.vigo.swarm.api.PeerSort.FOOTPRINT, 0),
                page -> page.rows().size() == 5
                        && page.rows().get(4).hostname().equals("annlap") && page.rows().get(4).status() == io.vigo.swarm.api.EnvoyStatus.OFFLINE
                        && page.rows().get(0).seeding() == 2 && page.rows().get(3).seeding() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void peersOutputIsTheReferenceDocumentsByteForByte() {
        cluster.answers.set(Instant.parse("2026-04-23T18:24:12Z"));
        CliRun run = CliRun.vigocli(Map.of(), "swarm", "peers", "--server", cluster.api());

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(CliRun.golden("swarm-peers.txt"));
    }

    @Test
    void aRestartOnTheSameStateDirKeepsEveryView() {
        PeersPage before = cluster.client().peers(io.vigo.swarm.api.PeerSort.FOOTPRINT, 0);
        cluster.stopStreams();
        cluster.startStreams();
        PeersPage after = awaitPeers();
        assertThat(after.rows()).isEqualTo(before.rows());
    }

    /**
     * {@code swarm status --watch} as an operator runs it: once on a terminal (a pseudo-terminal
     * that {@code script} gives it, ended by a Ctrl-C typed into it) and once piped into a file,
     * both across a restart of the streams app.
     */
    @Test
    void statusWatchRedrawsOnATerminalPrintsChangesWhenPipedAndSaysWhenTheAppWentAndCameBack() throws Exception {
        Path dir = Files.createTempDirectory("vigo-watch");
        String command = CliRun.ROOT.resolve("bin/vigocli") + " swarm status --watch --interval 1s --server " + cluster.api();
        Path screen = dir.resolve("terminal.out");
        Process onTerminal = new ProcessBuilder("script", "-qfec", command, "/dev/null")
                .redirectErrorStream(true).redirectOutput(screen.toFile()).start();
        Path piped = dir.resolve("piped.out");
        Path pipedErr = dir.resolve("piped.err");
        Process intoFile = new ProcessBuilder("bash", "-c", command).redirectOutput(piped.toFile()).redirectError(pipedErr.toFile()).start();
        try {
            Await.until("the status drawn twice on the terminal", Duration.ofSeconds(60), () -> read(screen),
                    text -> text.contains("Envoys online") && text.split("\u001b\\[H", -1).length > 2);
            Await.until("the status in the file", Duration.ofSeconds(60), () -> read(piped), text -> text.contains("Envoys online"));

            cluster.stopStreams();
            Await.until("the terminal saying the server is away", Duration.ofSeconds(30), () -> read(screen),
                    text -> text.contains("! unavailable since"));
            Await.until("the pipe's stderr saying the server is away", Duration.ofSeconds(30), () -> read(pipedErr),
                    text -> text.contains("the server is unavailable"));
            cluster.startStreams();
            awaitPeers();
            Await.until("the terminal saying the server answers again", Duration.ofSeconds(60), () -> read(screen),
                    text -> text.contains("answering again since"));
            Await.until("the pipe's stderr saying the server answers again", Duration.ofSeconds(60), () -> read(pipedErr),
                    text -> text.contains("the server answers again"));

            onTerminal.getOutputStream().write(3); // Ctrl-C, typed into the terminal
            onTerminal.getOutputStream().flush();
            assertThat(onTerminal.waitFor(20, TimeUnit.SECONDS)).as("Ctrl-C ends the watch").isTrue();
            assertThat(onTerminal.exitValue()).isEqualTo(130);
            String drawn = read(screen);
            assertThat(drawn).contains("Every 1 s: vigocli swarm status").doesNotContain("Exception").doesNotContain("at io.vigo");
            assertThat(read(piped).split("Swarm substrate — ", -1)).as("the fleet did not change: one block, however many answers")
                    .hasSize(2);
            assertThat(read(pipedErr).lines().toList()).as(read(pipedErr)).hasSize(2);
        } finally {
            onTerminal.destroyForcibly();
            intoFile.destroyForcibly();
            onTerminal.waitFor(10, TimeUnit.SECONDS);
            intoFile.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void versionNamesTheCliAndTheServerItAsks() {
        CliRun run = CliRun.vigocli(Map.of(), "version", "--server", cluster.api());

        assertThat(run.stderr()).isEmpty();
        assertThat(run.exitCode()).isZero();
        String build = io.vigo.swarm.api.Build.current().toString();
        assertThat(run.stdout()).matches("Client: vigocli \\Q" + build + "\\E\n"
                + "Server: vigo-swarm streams app \\Q" + build + " at " + cluster.api() + "\\E\n"
                + "        Kafka Streams \\d+\\.\\d+\\.\\d+, application id vigo-swarm, topic prefix \"vigo\\.\", 1 instance\n");

        CliRun away = CliRun.vigocli(Map.of(), "version", "--server", "http://127.0.0.1:" + Ports.free());
        assertThat(away.stdout()).as("the client's own line, whatever the server").isEqualTo("Client: vigocli " + build + "\n");
        assertThat(away.exitCode()).isEqualTo(3);
        assertThat(away.stderr().lines().count()).isEqualTo(1);
    }

    @Test
    void badInputExitsTwoWithOneLineOnStderr() {
        List<List<String>> cases = new ArrayList<>();
        cases.add(List.of("swarm", "peers", "--sort", "size", "--server", cluster.api()));
        cases.add(List.of("swarm", "peers", "--limit", "-1", "--server", cluster.api()));
        cases.add(List.of("swarm", "peers", "--bogus", "--server", cluster.api()));
        cases.add(List.of("swarm", "peers", "--limit", "ten", "--server", cluster.api()));
        cases.add(List.of("swarm", "peers", "--interval", "2s", "--server", cluster.api()));
        cases.add(List.of("swarm", "status", "--watch", "--interval", "0s", "--server", cluster.api()));
        cases.add(List.of("swarm", "status", "--watch", "--at", "-5m", "--server", cluster.api()));
        cases.add(List.of("completion", "fish"));
        for (List<String> args : cases) {
            CliRun run = CliRun.vigocli(Map.of(), args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.stdout()).as(String.join(" ", args)).isEmpty();
            assertThat(run.stderr().lines().count()).as(run.stderr()).isEqualTo(1);
            assertThat(run.stderr()).startsWith("vigocli: ");
        }
    }

    @Test
    void anUnreachableApiNamesTheUrlAndHowToStartTheLocalSystem() {
        CliRun run = CliRun.vigocli(Map.of(), "swarm", "status", "--server", "http://127.0.0.1:" + Ports.free());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stderr()).contains("http://127.0.0.1:").contains("bin/vigo up");
        assertThat(run.stderr().lines().count()).isEqualTo(1);
    }

    @Test
    void jsonCarriesTheSameRowsWithIntegerBytesAndRfc3339Times() throws Exception {
        CliRun run = CliRun.vigocli(Map.of(), "swarm", "peers", "--json", "--limit", "0", "--server", cluster.api());
        assertThat(run.exitCode()).isZero();
        var json = io.vigo.swarm.api.Json.mapper().readTree(run.stdout());
        var first = json.get("rows").get(0);
        assertThat(first.get("hostname").asText()).isEqualTo("danlap");
        assertThat(first.get("footprintBytes").isIntegralNumber()).isTrue();
        assertThat(first.get("footprintBytes").asLong()).isEqualTo(312_000_000L);
        assertThat(first.get("lastSeen").asText()).matches("2026-04-23T18:24:0\\d\\.\\d{3}Z");
        assertThat(json.get("complete").asBoolean()).isTrue();
        assertThat(json.get("total").asInt()).isEqualTo(5);
    }
}
