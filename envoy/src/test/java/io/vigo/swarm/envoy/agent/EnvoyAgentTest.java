package io.vigo.swarm.envoy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.CleanupRequest;
import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.envoy.publish.EventSink;
import io.vigo.swarm.envoy.tasks.RevokedInbox;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.SeedAnnounced;
import io.vigo.swarm.events.SeedManifestBroken;
import io.vigo.swarm.events.SeedWithdrawn;
import io.vigo.swarm.events.TaskResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent on a real temporary cache, publishing into a list instead of Kafka. */
class EnvoyAgentTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-23T18:24:00Z"), ZoneOffset.UTC);
    private static final String HOST = "danlap";

    /** Records events; can be told to fail sends, as Kafka being away would. */
    private static final class Sink implements EventSink {
        final List<SpecificRecord> events = new ArrayList<>();
        boolean failing;

        @Override
        public Future<?> send(String key, SpecificRecord event) {
            if (failing) {
                return CompletableFuture.failedFuture(new IOException("broker away"));
            }
            events.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void flush() {
        }

        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private final Path base;
    private final Path cache;
    private final Path state;
    private final Sink sink = new Sink();
    private final List<PendingTasks.Task> pending = new ArrayList<>();

    EnvoyAgentTest() throws IOException {
        base = Files.createTempDirectory("vigo-agent-test");
        cache = Files.createDirectories(base.resolve("cache"));
        state = base.resolve("state");
        for (String dir : List.of(".blobs", ".partial", "files", "seed")) {
            Files.createDirectories(cache.resolve(dir));
        }
    }

    @AfterEach
    void removeTree() throws IOException {
        try (var files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private EnvoyAgent agent() throws IOException {
        return new EnvoyAgent(HOST, cache, state, Duration.ofSeconds(15), sink, hostname -> List.copyOf(pending), RevokedInbox.NONE, CLOCK);
    }

    private static String sha(int n) {
        return String.format("%064x", n);
    }

    @Test
    void aCacheLargerThanAPageIsResyncedInPagesThatCoverEveryShaInOrder() throws IOException {
        int blobs = EnvoyAgent.PAGE_ENTRIES + 500;
        for (int i = 1; i <= blobs; i++) {
            Files.writeString(cache.resolve(".blobs").resolve(sha(i)), "x");
        }
        agent().start();

        assertThat(sink.of(CacheResync.class)).isEmpty();
        List<io.vigo.swarm.events.CacheResyncPage> pages = sink.of(io.vigo.swarm.events.CacheResyncPage.class);
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).getFromSha()).isEmpty();
        assertThat(pages.get(0).getToSha()).isEqualTo(sha(EnvoyAgent.PAGE_ENTRIES + 1));
        assertThat(pages.get(1).getFromSha()).isEqualTo(pages.get(0).getToSha());
        assertThat(pages.get(1).getToSha()).isNull();
        assertThat(pages.get(0).getPeers()).hasSize(EnvoyAgent.PAGE_ENTRIES);
        assertThat(pages.get(1).getPeers()).hasSize(500);
        assertThat(pages.get(1).getSequence()).isEqualTo(pages.get(0).getSequence() + 1);
    }

    @Test
    void startsWithACheckInAndAFullResyncOfCacheAndSeeds() throws IOException {
        Files.writeString(cache.resolve(".blobs").resolve(sha(1)), "12345");
        Files.createDirectories(cache.resolve(".partial").resolve(sha(2)));
        Files.writeString(cache.resolve(".partial").resolve(sha(2)).resolve("0"), "abc");
        Files.writeString(cache.resolve("seed").resolve("a.tar"), "seed data");
        Files.writeString(cache.resolve("seed").resolve("a.tar.manifest.json"), "{\"label\": \"a.tar\", \"subsystem\": \"gitback\"}");
        Files.createSymbolicLink(cache.resolve(".blobs").resolve(sha(3)), Path.of("..", "seed", "a.tar"));

        agent().start();

        assertThat(sink.of(EnvoyCheckIn.class)).singleElement().satisfies(c -> {
            assertThat(c.getHostname()).isEqualTo(HOST);
            assertThat(c.getAgentEpoch()).isEqualTo(CLOCK.millis());
            assertThat(c.getIntervalMs()).isEqualTo(15_000);
        });
        CacheResync resync = sink.of(CacheResync.class).get(0);
        assertThat(resync.getPeers()).extracting(p -> p.getSha() + " " + p.getState() + " " + p.getBytes())
                .containsExactly(sha(1) + " CACHED 5", sha(2) + " DOWNLOADING 3");
        assertThat(resync.getSeeds()).singleElement().satisfies(s -> {
            assertThat(s.getLabel()).isEqualTo("a.tar");
            assertThat(s.getSubsystem().name()).isEqualTo("GITBACK");
            assertThat(s.getSha()).hasSize(64);
        });
    }

    @Test
    void publishesOnlyWhatChangedAsAbsoluteStates() throws IOException {
        Files.writeString(cache.resolve(".blobs").resolve(sha(1)), "12345");
        EnvoyAgent agent = agent();
        agent.start();
        sink.events.clear();

        Files.delete(cache.resolve(".blobs").resolve(sha(1)));
        Files.writeString(cache.resolve(".blobs").resolve(sha(4)), "1234567");
        Files.writeString(cache.resolve("seed").resolve("b.tar"), "b");
        Files.writeString(cache.resolve("seed").resolve("b.tar.manifest.json"), "{\"label\": \"b.tar\"}");
        agent.tick();

        assertThat(sink.of(PeerRecordUpdated.class)).singleElement()
                .satisfies(u -> assertThat(u.getSha() + " " + u.getState() + " " + u.getBytes()).isEqualTo(sha(4) + " CACHED 7"));
        assertThat(sink.of(PeerRecordRemoved.class)).extracting(PeerRecordRemoved::getSha).containsExactly(sha(1));
        assertThat(sink.of(SeedAnnounced.class)).hasSize(1);

        sink.events.clear();
        Files.delete(cache.resolve("seed").resolve("b.tar"));
        agent.tick();
        assertThat(sink.of(SeedWithdrawn.class)).hasSize(1);
        assertThat(sink.events).allSatisfy(e -> assertThat(e).isInstanceOfAny(EnvoyCheckIn.class, SeedWithdrawn.class));
    }

    @Test
    void aBrokenManifestIsReportedOnceNeverSkippedSilently() throws IOException {
        Files.writeString(cache.resolve("seed").resolve("x.tar"), "x");
        Files.writeString(cache.resolve("seed").resolve("x.tar.manifest.json"), "{\"label\": \"x.tar\", \"subsystem\": \"video\"}");
        EnvoyAgent agent = agent();
        agent.start();
        agent.tick();
        assertThat(sink.of(SeedManifestBroken.class)).singleElement().satisfies(b -> {
            assertThat(b.getPath()).isEqualTo("seed/x.tar");
            assertThat(b.getReason()).contains("subsystem");
        });
        assertThat(sink.of(CacheResync.class).get(0).getSeeds()).isEmpty();
    }

    @Test
    void aSeedIsHashedOnceAndAgainOnlyWhenItChanges() throws IOException {
        Files.writeString(cache.resolve("seed").resolve("big.tar"), "contents");
        Files.writeString(cache.resolve("seed").resolve("big.tar.manifest.json"), "{\"label\": \"big.tar\"}");
        ShaCache shas = new ShaCache(Files.createDirectories(state).resolve("seed-shas.json"));
        CacheScanner scanner = new CacheScanner(cache, shas);
        scanner.scan();
        scanner.scan();
        assertThat(shas.computed).isEqualTo(1);
        ShaCache afterRestart = new ShaCache(state.resolve("seed-shas.json"));
        new CacheScanner(cache, afterRestart).scan();
        assertThat(afterRestart.computed).as("kept across restarts").isZero();
        Files.writeString(cache.resolve("seed").resolve("big.tar"), "other contents");
        new CacheScanner(cache, afterRestart).scan();
        assertThat(afterRestart.computed).isEqualTo(1);
    }

    @Test
    void eachStartIsANewEpochThatIsItsStartTimeOrLaterThanTheLast() throws IOException {
        long start = CLOCK.millis();
        assertThat(agent().epoch()).isEqualTo(start);
        // A clock that does not move (or goes back) still gives a later epoch than the last one.
        assertThat(agent().epoch()).isEqualTo(start + 1);
    }

    @Test
    void aTaskRunsOnceAndAResultKafkaDidNotTakeIsPublishedLater() throws IOException {
        Files.createSymbolicLink(cache.resolve("files").resolve("gone"), Path.of("..", ".blobs", sha(7)));
        pending.add(new PendingTasks.Task("task-00000001", CleanupRequest.VERB, CLOCK.instant(), CLOCK.instant().plusSeconds(60)));
        sink.failing = true;
        EnvoyAgent agent = agent();
        try {
            agent.start();
        } catch (IOException expected) {
            // the check-in and resync were "sent" into a failing sink; the task ran and its result is kept
        }
        assertThat(cache.resolve("files").resolve("gone")).doesNotExist();
        assertThat(sink.of(TaskResult.class)).isEmpty();

        sink.failing = false;
        for (int i = 0; i < EnvoyAgent.POLL_TASKS_EVERY; i++) {
            agent.tick();
        }
        assertThat(sink.of(TaskResult.class)).singleElement().satisfies(r -> {
            assertThat(r.getTaskId()).isEqualTo("task-00000001");
            assertThat(r.getOutput()).isEqualTo("swarm cleanup: dangling_symlinks=1 stale_partials=0 errors=0");
        });
        for (int i = 0; i < EnvoyAgent.POLL_TASKS_EVERY; i++) {
            agent.tick();
        }
        assertThat(sink.of(TaskResult.class)).as("run and published once").hasSize(1);
    }
}
