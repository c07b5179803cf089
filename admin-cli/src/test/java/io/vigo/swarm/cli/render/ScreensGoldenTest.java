package io.vigo.swarm.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.EntryState;
import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.EnvoyList;
import io.vigo.swarm.api.EnvoyStatus;
import io.vigo.swarm.api.ManifestEntries;
import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.api.RefusedSeeds;
import io.vigo.swarm.api.Substrate;
import io.vigo.swarm.api.TaskList;
import io.vigo.swarm.api.TaskState;
import io.vigo.swarm.api.TaskView;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The screens vigocli prints, compared exactly with golden files in {@code src/test/resources/golden/}.
 * A deliberate change of a screen is made by rerunning with {@code -Dvigo.golden.update=true}
 * and reviewing the files' diff.
 */
class ScreensGoldenTest {

    private static final Instant NOW = Instant.parse("2026-04-23T18:24:11Z");
    private static final Terminal TERMINAL = new Terminal(new PrintStream(PrintStream.nullOutputStream()),
            new PrintStream(PrintStream.nullOutputStream()), false, ZoneOffset.UTC);
    private static final String SHA_A = "3f2a9c" + "0".repeat(58);
    private static final String SHA_B = "8be41d" + "1".repeat(58);
    private static final String TASK = "0c6f2a5e-1d3b-4c1e-9f5a-7a2b3c4d5e6f";

    private static void assertMatchesGolden(String name, String screen) throws IOException {
        Path golden = Path.of("src/test/resources/golden", name + ".txt");
        if (Boolean.getBoolean("vigo.golden.update")) {
            Files.writeString(golden, screen, StandardCharsets.UTF_8);
        }
        assertThat(screen).as(golden.toString()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void envoysList() throws IOException {
        EnvoyList envoys = new EnvoyList(NOW, true, 0, List.of(
                new EnvoyList.EnvoyRow("annlap", EnvoyStatus.OFFLINE, false, true, "2.14.0", NOW.minusSeconds(3_600), Map.of(), "#f9e2af", false),
                new EnvoyList.EnvoyRow("build7.ci.example.com", EnvoyStatus.ONLINE, false, true, "2.15.1", NOW.minusSeconds(9),
                        Map.of("team", "ci", "viz.color", "green"), "#a6e3a1", true),
                new EnvoyList.EnvoyRow("oldbox", EnvoyStatus.OFFLINE, true, false, "1.9.0", NOW.minusSeconds(86_400 * 3), Map.of(), "#89b4fa", false)));
        assertMatchesGolden("envoys-list", new EnvoyViews(TERMINAL).list(envoys));
    }

    @Test
    void envoysShow() throws IOException {
        EnvoyDetail envoy = new EnvoyDetail(NOW, true, 0, "danlap", EnvoyStatus.ONLINE, NOW.minusSeconds(4), 15_000, "2.15.1", true, -120,
                false, Substrate.ACTIVE, 1, 2, 1, 312_000_000L, Map.of("team", "ops"), "#a6e3a1", false,
                List.of(new EnvoyDetail.Seed(SHA_A, "release-0.tar", "payload", 212_000_000L, true, EntryState.ACTIVE),
                        new EnvoyDetail.Seed(SHA_B, "scratch.img", "gitback", 5_000_000L, false, EntryState.PENDING)),
                List.of(new EnvoyDetail.SeedProblem("seed/broken.json", "not JSON: unexpected end of input")),
                List.of(new PendingTasks.Task(TASK, "vigo swarm _apply-cleanup", NOW.minusSeconds(60), NOW.plusSeconds(604_740))),
                List.of(new EnvoyDetail.Blob(SHA_A, "cached", 212_000_000L), new EnvoyDetail.Blob(SHA_B, "downloading", 1_250_000L)),
                List.of(new EnvoyDetail.TaskRun(TASK, "vigo swarm _apply-cleanup", TaskState.PENDING, NOW.minusSeconds(60), NOW.plusSeconds(604_740), "")), null);
        assertMatchesGolden("envoys-show", new EnvoyViews(TERMINAL).show(envoy));
    }

    @Test
    void taskList() throws IOException {
        TaskList tasks = new TaskList(NOW, true, 0, List.of(
                new TaskList.Summary(TASK, "vigo swarm _apply-cleanup", "host00*", 7, NOW.minusSeconds(300), 1, 5, 1, 0, 0),
                new TaskList.Summary("7d1e0b9c-2222-4c1e-9f5a-000000000001", "vigo swarm _apply-cleanup", "*", 183, NOW.minusSeconds(86_400),
                        0, 170, 0, 12, 1)));
        assertMatchesGolden("task-list", new TaskViews(TERMINAL).list(tasks));
    }

    @Test
    void taskStatus() throws IOException {
        TaskView task = new TaskView(NOW, true, 0, TASK, "vigo swarm _apply-cleanup", "host00*", 3, "ops@vigoserver", NOW.minusSeconds(300),
                1, 1, 1, 0, 0, List.of(
                        new TaskView.Target("host0001", TaskState.DONE, "swarm cleanup: dangling_symlinks=1 stale_partials=0 errors=0", NOW.minusSeconds(200)),
                        new TaskView.Target("host0002", TaskState.FAILED, "swarm cleanup: cache root missing", NOW.minusSeconds(190)),
                        new TaskView.Target("host0003", TaskState.PENDING, null, NOW.minusSeconds(300))));
        assertMatchesGolden("task-status", new TaskViews(TERMINAL).status(task));
    }

    @Test
    void filecastList() throws IOException {
        ManifestEntries entries = new ManifestEntries(NOW, true, 0, List.of(
                new ManifestEntries.Entry(SHA_A, "release-0.tar", "payload", 212_000_000L, "*", 0, EntryState.ACTIVE, null,
                        NOW.minusSeconds(7_200), null, 3, null),
                new ManifestEntries.Entry(SHA_B, "scratch.img", "gitback", 5_000_000L, "build*", 3_600, EntryState.REVOKED, "expired",
                        NOW.minusSeconds(9_000), NOW.minusSeconds(5_400), 0, null)));
        assertMatchesGolden("filecast-list", new SwarmViews(TERMINAL).filecasts(entries));
    }

    @Test
    void refused() throws IOException {
        RefusedSeeds refused = new RefusedSeeds(NOW, true, 0, List.of(
                new RefusedSeeds.RefusedSeed("mallory", SHA_B, "scratch.img", "gitback", 5_000_000L),
                new RefusedSeeds.RefusedSeed("plex", SHA_A, "release-0.tar", "payload", 212_000_000L)));
        assertMatchesGolden("swarm-refused", new SwarmViews(TERMINAL).refused(refused));
    }
}
