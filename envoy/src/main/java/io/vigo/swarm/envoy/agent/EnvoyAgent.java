package io.vigo.swarm.envoy.agent;

import io.vigo.swarm.api.CleanupRequest;
import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.envoy.cache.CleanupResult;
import io.vigo.swarm.envoy.cache.CleanupSweep;
import io.vigo.swarm.envoy.publish.EventSink;
import io.vigo.swarm.envoy.tasks.RevokedInbox;
import io.vigo.swarm.envoy.tasks.TaskInbox;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.SeedAnnounced;
import io.vigo.swarm.events.SeedManifestBroken;
import io.vigo.swarm.events.SeedWithdrawn;
import io.vigo.swarm.events.TaskOutcome;
import io.vigo.swarm.events.TaskResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The program that runs on a real host ({@code bin/vigo envoy}): checks in on its interval,
 * publishes what changed in its blob cache since the last scan (absolute states with epoch and
 * sequence), a full resync at start and every {@link #RESYNC_EVERY} check-ins, announces and
 * withdraws its seeds, and fetches and runs its tasks, each at most once.
 *
 * <p>For the crash test only: with {@code VIGO_AGENT_HALT_AFTER_TASK} set, the process halts (as
 * kill -9 would) right after recording a task's result and before publishing it.
 */
public final class EnvoyAgent {

    public static final int RESYNC_EVERY = 20;
    public static final int POLL_TASKS_EVERY = 4;
    /** The most shas in one resync event; a larger cache is sent in pages of this many. */
    public static final int PAGE_ENTRIES = 2_000;
    static final String VERSION = "0.1.0";

    private static final Logger log = LoggerFactory.getLogger(EnvoyAgent.class);

    private final String hostname;
    private final Path cacheRoot;
    private final Duration interval;
    private final EventSink events;
    private final TaskInbox inbox;
    private final RevokedInbox revoked;
    private final Clock clock;
    private final CacheScanner scanner;
    private final TaskLedger ledger;
    private final long epoch;
    private long checkInSequence;
    private long reportSequence;
    private CacheSnapshot published;
    private final Set<String> reportedBroken = new HashSet<>();

    public EnvoyAgent(String hostname, Path cacheRoot, Path stateDir, Duration interval, EventSink events, TaskInbox inbox,
            RevokedInbox revoked, Clock clock) throws IOException {
        this.hostname = hostname;
        this.revoked = revoked;
        this.cacheRoot = cacheRoot;
        this.interval = interval;
        this.events = events;
        this.inbox = inbox;
        this.clock = clock;
        Files.createDirectories(stateDir);
        this.scanner = new CacheScanner(cacheRoot, new ShaCache(stateDir.resolve("seed-shas.json")));
        this.ledger = new TaskLedger(stateDir.resolve("tasks"));
        this.epoch = nextEpoch(stateDir.resolve("epoch"), clock);
    }

    /**
     * Each start is a new epoch, so the views order this run's events after the last run's: the
     * start time in ms, or one more than the last epoch if the clock went back. Being a time, it
     * can always overtake an epoch the views held from before (they refuse epochs from the future).
     */
    private static long nextEpoch(Path file, Clock clock) throws IOException {
        long previous = Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()) : 0;
        long next = Math.max(previous + 1, clock.millis());
        Files.writeString(file, next + "\n", StandardCharsets.UTF_8);
        return next;
    }

    public long epoch() {
        return epoch;
    }

    /** What happens once at start: results a crash left unpublished, then a full resync. */
    public void start() throws IOException {
        publishUnpublishedResults();
        checkIn();
        evictRevoked();
        resync();
        events.flush();
        runTasks();
        events.flush();
    }

    /** One interval's work. */
    public void tick() throws IOException {
        checkIn();
        if (checkInSequence % POLL_TASKS_EVERY == 0) {
            evictRevoked();
        }
        if (checkInSequence % RESYNC_EVERY == 0) {
            resync();
        } else {
            publishChanges();
        }
        events.flush();
        if (checkInSequence % POLL_TASKS_EVERY == 0) {
            runTasks();
        }
        events.flush();
    }

    public Duration interval() {
        return interval;
    }

    private void checkIn() {
        events.send(hostname, new EnvoyCheckIn(hostname, VERSION, interval.toMillis(), true, clock.instant(), epoch, ++checkInSequence));
    }

    private void resync() throws IOException {
        CacheSnapshot now = scanner.scan();
        java.util.SortedSet<String> shas = new java.util.TreeSet<>(now.peers().keySet());
        shas.addAll(now.seeds().keySet());
        if (shas.size() <= PAGE_ENTRIES) {
            events.send(hostname, new CacheResync(hostname, epoch, ++reportSequence,
                    new ArrayList<>(now.peers().values()), new ArrayList<>(now.seeds().values())));
        } else {
            sendPages(now, new ArrayList<>(shas));
        }
        reportBroken(now);
        published = now;
    }

    /**
     * A cache too large for one event (a Kafka record, a gateway request) goes in pages: sha
     * ranges in order, each replacing what the views held in its range, together the whole cache.
     */
    private void sendPages(CacheSnapshot now, List<String> sortedShas) {
        for (int first = 0; first < sortedShas.size(); first += PAGE_ENTRIES) {
            int end = Math.min(first + PAGE_ENTRIES, sortedShas.size());
            String from = first == 0 ? "" : sortedShas.get(first);
            String to = end == sortedShas.size() ? null : sortedShas.get(end);
            List<PeerEntry> peers = new ArrayList<>();
            List<io.vigo.swarm.events.SeedManifest> seeds = new ArrayList<>();
            for (String sha : sortedShas.subList(first, end)) {
                if (now.peers().containsKey(sha)) {
                    peers.add(now.peers().get(sha));
                }
                if (now.seeds().containsKey(sha)) {
                    seeds.add(now.seeds().get(sha));
                }
            }
            events.send(hostname, new io.vigo.swarm.events.CacheResyncPage(hostname, epoch, ++reportSequence, from, to, peers, seeds));
        }
    }

    private void publishChanges() throws IOException {
        CacheSnapshot now = scanner.scan();
        diff(published.peers(), now.peers(),
                entry -> events.send(hostname, new PeerRecordUpdated(hostname, epoch, ++reportSequence, entry.getSha(), entry.getState(), entry.getBytes())),
                sha -> events.send(hostname, new PeerRecordRemoved(hostname, epoch, ++reportSequence, sha)));
        diff(published.seeds(), now.seeds(),
                seed -> events.send(hostname, new SeedAnnounced(hostname, epoch, ++reportSequence, seed)),
                sha -> events.send(hostname, new SeedWithdrawn(hostname, epoch, ++reportSequence, sha)));
        reportBroken(now);
        published = now;
    }

    private void reportBroken(CacheSnapshot snapshot) {
        Set<String> current = new HashSet<>();
        for (CacheSnapshot.BrokenSeed broken : snapshot.broken()) {
            String key = broken.path() + "|" + broken.reason();
            current.add(key);
            if (reportedBroken.add(key)) {
                events.send(hostname, new SeedManifestBroken(hostname, epoch, ++reportSequence, broken.path(), broken.reason()));
            }
        }
        reportedBroken.retainAll(current);
    }

    private static <T> void diff(Map<String, T> before, Map<String, T> after,
            java.util.function.Consumer<T> changed, java.util.function.Consumer<String> removed) {
        Map<String, T> sorted = new TreeMap<>(after);
        sorted.forEach((sha, value) -> {
            if (!value.equals(before.get(sha))) {
                changed.accept(value);
            }
        });
        before.keySet().stream().filter(sha -> !after.containsKey(sha)).sorted().forEach(removed);
    }

    /**
     * Deletes the cached blobs of revoked entries ({@code .blobs/<sha>} regular files; a seed's link
     * is the origin's and stays). The next scan reports them removed; any {@code files/} label left
     * pointing at one is what a cleanup removes.
     */
    private void evictRevoked() {
        List<String> shas;
        try {
            shas = revoked.revokedShas();
        } catch (RuntimeException e) {
            log.warn("cannot fetch revoked entries (will retry): {}", e.getMessage());
            return;
        }
        for (String sha : shas) {
            Path blob = cacheRoot.resolve(".blobs").resolve(sha);
            try {
                if (Files.isRegularFile(blob, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(blob);
                    log.info("evicted revoked blob {}", sha);
                }
            } catch (IOException e) {
                log.warn("cannot evict revoked blob {}: {}", sha, e.getMessage());
            }
        }
    }

    /** Fetches pending tasks and runs each one not yet run; the result is recorded before it is published. */
    private void runTasks() throws IOException {
        publishUnpublishedResults();
        List<PendingTasks.Task> pending;
        try {
            pending = inbox.pending(hostname);
        } catch (RuntimeException e) {
            log.warn("cannot fetch pending tasks (will retry): {}", e.getMessage());
            return;
        }
        for (PendingTasks.Task task : pending) {
            if (ledger.ran(task.taskId())) {
                continue;
            }
            TaskLedger.Entry entry = run(task);
            ledger.recordResult(entry);
            log.info("task {} ({}): {}", task.taskId(), task.verb(), entry.line());
            if (System.getenv("VIGO_AGENT_HALT_AFTER_TASK") != null) {
                // Fault injection for the crash test: die like kill -9 after recording, before publishing.
                Runtime.getRuntime().halt(137);
            }
            publishResult(entry);
        }
    }

    private TaskLedger.Entry run(PendingTasks.Task task) {
        if (CleanupRequest.VERB.equals(task.verb())) {
            CleanupResult result = new CleanupSweep().sweep(cacheRoot);
            return new TaskLedger.Entry(task.taskId(), result.done(), result.line());
        }
        return new TaskLedger.Entry(task.taskId(), false, "unknown verb '" + task.verb() + "'");
    }

    /** Results recorded but not acknowledged (a crash, or Kafka away at the time): published again until they are. */
    private void publishUnpublishedResults() throws IOException {
        for (TaskLedger.Entry entry : ledger.unpublished()) {
            publishResult(entry);
        }
    }

    /** Publishes a result and marks it published only once Kafka acknowledged it. */
    private void publishResult(TaskLedger.Entry entry) throws IOException {
        java.util.concurrent.Future<?> sent = events.send(hostname, new TaskResult(hostname, epoch, ++reportSequence, entry.taskId(),
                entry.done() ? TaskOutcome.DONE : TaskOutcome.FAILED, entry.line(), clock.instant()));
        events.flush();
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing the result of " + entry.taskId(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("the result of " + entry.taskId() + " is recorded but not yet acknowledged: " + e.getCause().getMessage(), e);
        }
        ledger.markPublished(entry.taskId());
    }

}
