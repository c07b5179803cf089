package io.vigo.swarm.envoy.simulate;

import io.vigo.swarm.envoy.cache.CleanupResult;
import io.vigo.swarm.envoy.publish.EventSink;
import io.vigo.swarm.envoy.tasks.TaskInbox;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.ManifestRevoked;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.RevokeReason;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.events.TaskOutcome;
import io.vigo.swarm.events.TaskResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual fleet for demos and tests, deterministic for a given seed: envoys check in on their
 * intervals, download and evict blobs, seed payloads and gitback mirrors; some go silent for a
 * while and come back; a few outside the allowlist try to seed; one payload gets revoked. All
 * through one {@link EventSink}: in a running system the EnvoyPublisher the real agent publishes with.
 */
public final class FleetSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetSimulator.class);
    static final String AGENT_VERSION = "0.34.1-sim";

    /** One virtual envoy: its cache and its own event sequences. */
    static final class VirtualEnvoy {
        final String hostname;
        final long intervalMs;
        final boolean swarmEnabled;
        final Map<String, PeerEntry> cache = new LinkedHashMap<>();
        final List<SeedManifest> seeds = new ArrayList<>();
        final java.util.Set<String> tasksRun = new java.util.HashSet<>();
        long checkInSequence;
        long reportSequence;
        long nextCheckInMs;
        /** When this envoy goes quiet, or -1 if it never does. */
        long silenceStartsAtMs = -1;
        long silentUntilMs;

        VirtualEnvoy(String hostname, long intervalMs, boolean swarmEnabled) {
            this.hostname = hostname;
            this.intervalMs = intervalMs;
            this.swarmEnabled = swarmEnabled;
        }
    }

    private final EventSink publisher;
    private final TaskInbox inbox;
    private final Random random;
    private final Clock clock;
    private final long epoch;
    private final List<VirtualEnvoy> fleet = new ArrayList<>();
    private final List<String> blobs = new ArrayList<>();
    private final Map<String, Long> blobSizes = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private final long startedMs;
    private String revokeCandidate;
    private boolean revoked;

    public FleetSimulator(EventSink publisher, int envoys, long seed, String serverHostname, Clock clock) {
        this(publisher, TaskInbox.EMPTY, envoys, seed, serverHostname, clock);
    }

    /** A fleet whose envoys also fetch their pending tasks from {@code inbox} and run them on their simulated caches. */
    public FleetSimulator(EventSink publisher, TaskInbox inbox, int envoys, long seed, String serverHostname, Clock clock) {
        this.publisher = publisher;
        this.inbox = inbox;
        this.random = new Random(seed);
        this.clock = clock;
        this.epoch = clock.millis();
        this.startedMs = clock.millis();
        for (int i = 0; i < 40; i++) {
            String sha = String.format(Locale.ROOT, "%016x%016x%016x%016x", random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
            blobs.add(sha);
            blobSizes.put(sha, 1_000_000L + (long) (random.nextDouble() * 120_000_000L));
        }
        for (int i = 0; i < envoys; i++) {
            fleet.add(newEnvoy(i, envoys, serverHostname));
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "vigo-fleet-simulator");
            thread.setDaemon(true);
            return thread;
        });
    }

    private VirtualEnvoy newEnvoy(int i, int total, String serverHostname) {
        String hostname;
        if (i == 0) {
            hostname = serverHostname;
        } else if (i % 10 == 1) {
            hostname = String.format(Locale.ROOT, "build%03d.ci.example.com", i);
        } else if (i % 10 == 2) {
            hostname = String.format(Locale.ROOT, "laptop%03d", i);
        } else {
            hostname = String.format(Locale.ROOT, "host%04d", i);
        }
        long interval = i % 7 == 0 ? 30_000 : 15_000;
        boolean enabled = i == 0 || random.nextInt(100) >= 8;
        VirtualEnvoy envoy = new VirtualEnvoy(hostname, interval, enabled);
        int blobsHeld = i % 9 == 4 ? 0 : random.nextInt(12);
        for (int b = 0; b < blobsHeld; b++) {
            String sha = blobs.get(random.nextInt(blobs.size()));
            boolean downloading = random.nextInt(10) == 0;
            long size = blobSizes.get(sha);
            envoy.cache.put(sha, new PeerEntry(sha, downloading ? PeerState.DOWNLOADING : PeerState.CACHED,
                    downloading ? size / 3 : size));
        }
        if (i == 0) {
            for (int s = 0; s < 3; s++) {
                envoy.seeds.add(seedOf(blobs.get(s), "release-" + s + ".tar", Subsystem.PAYLOAD));
            }
            revokeCandidate = blobs.get(0);
        } else if (i % 10 == 1 && i < total) {
            envoy.seeds.add(seedOf(blobs.get(3 + (i / 10) % 20), "mirror-" + i + ".git", Subsystem.GITBACK));
        } else if (i % 10 == 2 && i < 40) {
            envoy.seeds.add(seedOf(blobs.get(25 + (i / 10) % 10), "holiday-" + i + ".mkv", Subsystem.PAYLOAD));
        }
        envoy.nextCheckInMs = startedMs + random.nextInt((int) interval);
        if (i > 0 && random.nextInt(100) < 6) {
            // Quiet from about 20 s in, for 60-120 s: shows offline, then comes back.
            envoy.silenceStartsAtMs = startedMs + 20_000 + random.nextInt(10_000);
        }
        return envoy;
    }

    private SeedManifest seedOf(String sha, String label, Subsystem subsystem) {
        return new SeedManifest(sha, label, subsystem, blobSizes.get(sha), "*", 0L);
    }

    /** Announces the whole fleet, then ticks once a second on its own thread. */
    public void start() {
        announce(clock.millis());
        ticker.scheduleAtFixedRate(this::tickSafely, 1, 1, TimeUnit.SECONDS);
        log.info("fleet simulator started: {} envoys", fleet.size());
    }

    /** Every envoy checks in and publishes its whole cache and seed set, as an agent does at start. */
    void announce(long now) {
        for (VirtualEnvoy envoy : fleet) {
            checkIn(envoy, now);
            publisher.send(envoy.hostname, new CacheResync(envoy.hostname, epoch, ++envoy.reportSequence,
                    new ArrayList<>(envoy.cache.values()), new ArrayList<>(envoy.seeds)));
        }
        publisher.flush();
    }

    private void tickSafely() {
        try {
            tick(clock.millis());
        } catch (RuntimeException e) {
            log.warn("simulator tick failed: {}", e.getMessage());
        }
    }

    void tick(long now) {
        for (VirtualEnvoy envoy : fleet) {
            if (envoy.silenceStartsAtMs >= 0 && now >= envoy.silenceStartsAtMs) {
                envoy.silentUntilMs = now + 60_000 + random.nextInt(60_000);
                envoy.silenceStartsAtMs = -1;
            }
            if (envoy.silentUntilMs > now || now < envoy.nextCheckInMs) {
                continue;
            }
            checkIn(envoy, now);
            changeCache(envoy);
            if (envoy.checkInSequence % 4 == 0) {
                runPendingTasks(envoy, now);
            }
        }
        if (!revoked && now - startedMs > 20_000 && revokeCandidate != null) {
            publisher.send(revokeCandidate, new ManifestRevoked(revokeCandidate, RevokeReason.OPERATOR, "simulator",
                    java.time.Instant.ofEpochMilli(now)));
            revoked = true;
        }
    }

    private void checkIn(VirtualEnvoy envoy, long now) {
        publisher.send(envoy.hostname, new EnvoyCheckIn(envoy.hostname, AGENT_VERSION, envoy.intervalMs, envoy.swarmEnabled,
                java.time.Instant.ofEpochMilli(now), epoch, ++envoy.checkInSequence));
        envoy.nextCheckInMs = now + envoy.intervalMs;
    }

    /** Runs each pending task once, as an agent would, on the simulated cache: a cleanup finds a little to remove. */
    private void runPendingTasks(VirtualEnvoy envoy, long now) {
        List<io.vigo.swarm.api.PendingTasks.Task> pending;
        try {
            pending = inbox.pending(envoy.hostname);
        } catch (RuntimeException e) {
            log.debug("{} cannot fetch its tasks: {}", envoy.hostname, e.getMessage());
            return;
        }
        for (io.vigo.swarm.api.PendingTasks.Task task : pending) {
            if (!envoy.tasksRun.add(task.taskId())) {
                continue;
            }
            CleanupResult result = new CleanupResult(random.nextInt(3), random.nextInt(2), random.nextInt(20) == 0 ? 1 : 0);
            publisher.send(envoy.hostname, new TaskResult(envoy.hostname, epoch, ++envoy.reportSequence, task.taskId(),
                    result.done() ? TaskOutcome.DONE : TaskOutcome.FAILED, result.line(), java.time.Instant.ofEpochMilli(now)));
        }
    }

    /** About one peer-record change every five check-ins: progress, completion, a new download or an eviction. */
    private void changeCache(VirtualEnvoy envoy) {
        if (random.nextInt(5) != 0 || envoy.hostname.startsWith("host") && envoy.cache.isEmpty() && random.nextBoolean()) {
            return;
        }
        String sha = blobs.get(random.nextInt(blobs.size()));
        long size = blobSizes.get(sha);
        PeerEntry held = envoy.cache.get(sha);
        PeerEntry next;
        if (held == null) {
            next = new PeerEntry(sha, PeerState.DOWNLOADING, size / 10);
        } else if (held.getState() == PeerState.DOWNLOADING) {
            next = held.getBytes() + size / 3 >= size ? new PeerEntry(sha, PeerState.CACHED, size)
                    : new PeerEntry(sha, PeerState.DOWNLOADING, held.getBytes() + size / 3);
        } else {
            envoy.cache.remove(sha);
            publisher.send(envoy.hostname, new PeerRecordRemoved(envoy.hostname, epoch, ++envoy.reportSequence, sha));
            return;
        }
        envoy.cache.put(sha, next);
        publisher.send(envoy.hostname, new PeerRecordUpdated(envoy.hostname, epoch, ++envoy.reportSequence, sha,
                next.getState(), next.getBytes()));
    }

    public int size() {
        return fleet.size();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.flush();
    }

}
