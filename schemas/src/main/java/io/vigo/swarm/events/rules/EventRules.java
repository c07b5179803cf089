package io.vigo.swarm.events.rules;

import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.TaskOutcome;
import io.vigo.swarm.events.TaskResult;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.Subsystem;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The checks an event passes before it may touch a view. Each throws {@link InvalidEventException}
 * naming the field, so the dead-letter record says what was wrong. Checks run before any store
 * write, so a refused event changes nothing.
 */
public final class EventRules {

    public static final long MIN_INTERVAL_MS = Duration.ofSeconds(1).toMillis();
    public static final long MAX_INTERVAL_MS = Duration.ofHours(24).toMillis();
    /** An agent clock further than this from the broker's is not a skew but a broken field. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofDays(365);
    public static final int MAX_TEXT = 1024;
    /** A task id: the client generates it (a retried dispatch is the same task), so it is checked everywhere. */
    public static final Pattern TASK_ID = Pattern.compile("[a-z0-9][a-z0-9-]{7,63}");
    public static final int MAX_TASK_OUTPUT = 4096;
    /** How far an agent epoch (its start time) may be ahead of the record's own time. */
    public static final Duration MAX_EPOCH_LEAD = Duration.ofHours(1);
    /** The most events of one envoy the view may plausibly have missed between two it saw. */
    public static final long MAX_SEQUENCE_STEP = 1_000_000L;

    private EventRules() {
    }

    public static void hostname(String key, String hostname) {
        String problem = Hostnames.problemWith(hostname);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        if (!hostname.equals(key)) {
            throw new InvalidEventException("record key \"" + key + "\" differs from the event's hostname \"" + hostname + "\"");
        }
    }

    /**
     * Whether (epoch, sequence) could have come from a real agent, given the record's time and the
     * pair the view holds for this envoy (-1/-1 when none). Without bounds one event with
     * {@code Long.MAX_VALUE} would make every later real event stale and freeze the host. An agent
     * epoch is the agent's start time in ms (older agents count 1, 2, 3...), so it cannot be later
     * than the record by more than {@link #MAX_EPOCH_LEAD}; within the held epoch a sequence may
     * skip at most {@link #MAX_SEQUENCE_STEP} lost events; a new epoch's sequence cannot exceed one
     * event per millisecond since the epoch began, plus that step.
     */
    public static void sequence(long epoch, long sequence, long recordTimeMs, long heldEpoch, long heldSequence) {
        if (epoch < 0 || sequence < 0) {
            throw new InvalidEventException("agentEpoch and sequence must be >= 0, got " + epoch + "/" + sequence);
        }
        if (epoch > recordTimeMs + MAX_EPOCH_LEAD.toMillis()) {
            throw new InvalidEventException("agentEpoch " + epoch + " is more than " + MAX_EPOCH_LEAD.toMinutes()
                    + " minutes after the record's time " + recordTimeMs + " (an epoch is the agent's start time in ms)");
        }
        long allowed = epoch == heldEpoch
                ? saturatedAdd(Math.max(heldSequence, 0), MAX_SEQUENCE_STEP)
                : saturatedAdd(Math.max(recordTimeMs - epoch, 0), MAX_SEQUENCE_STEP);
        if (sequence > allowed) {
            throw new InvalidEventException("sequence " + sequence + " in agentEpoch " + epoch + " is implausibly far ahead"
                    + (epoch == heldEpoch ? " of the " + heldSequence + " the view holds" : " of the epoch's start")
                    + " (at most " + allowed + ")");
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }

    public static void interval(long intervalMs) {
        if (intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
            throw new InvalidEventException("intervalMs " + intervalMs + " is outside 1 s .. 24 h");
        }
    }

    public static void agentClock(Instant agentClock, long brokerTimeMs) {
        if (agentClock == null || Math.abs(agentClock.toEpochMilli() - brokerTimeMs) > MAX_CLOCK_SKEW.toMillis()) {
            throw new InvalidEventException("agentClock " + agentClock + " is more than a year from the broker's time");
        }
    }

    public static void sha(String sha) {
        if (!Hostnames.isSha256(sha)) {
            throw new InvalidEventException("sha \"" + abbreviate(sha) + "\" is not 64 lower-case hex digits");
        }
    }

    public static void peer(PeerState state, long bytes) {
        if (state == null || state == PeerState.UNKNOWN) {
            throw new InvalidEventException("peer state " + state + " is not DOWNLOADING or CACHED");
        }
        if (bytes < 0) {
            throw new InvalidEventException("bytes " + bytes + " is negative");
        }
    }

    public static void text(String field, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_TEXT) {
            throw new InvalidEventException(field + " is empty or longer than " + MAX_TEXT + " characters");
        }
    }

    /** A hostname pattern (Go filepath.Match, the CLI's own matcher): a malformed one matches nothing and is refused. */
    public static void pattern(String field, String pattern) {
        text(field, pattern);
        try {
            HostPattern.compile(pattern);
        } catch (HostPattern.BadPatternException e) {
            throw new InvalidEventException(field + ": " + e.getMessage());
        }
    }

    public static void seed(SeedManifest seed) {
        sha(seed.getSha());
        text("label", seed.getLabel());
        if (seed.getSubsystem() == null || seed.getSubsystem() == Subsystem.UNKNOWN) {
            throw new InvalidEventException("subsystem " + seed.getSubsystem() + " is not PAYLOAD or GITBACK");
        }
        if (seed.getSizeBytes() < 0) {
            throw new InvalidEventException("sizeBytes " + seed.getSizeBytes() + " is negative");
        }
        if (seed.getRetentionSeconds() < 0) {
            throw new InvalidEventException("retentionSeconds " + seed.getRetentionSeconds() + " is negative");
        }
        pattern("target", seed.getTarget());
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }

    public static void tagKey(String key) {
        String problem = io.vigo.swarm.api.Tags.problemWithKey(key);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
    }

    public static void tagValue(String value) {
        String problem = io.vigo.swarm.api.Tags.problemWithValue(value);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
    }

    public static void taskId(String taskId) {
        if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
            throw new InvalidEventException("task id \"" + abbreviate(taskId) + "\" is not 8-64 lower-case letters, digits and '-'");
        }
    }

    public static void taskResult(TaskResult event) {
        taskId(event.getTaskId());
        if (event.getOutcome() == null || event.getOutcome() == TaskOutcome.UNKNOWN) {
            throw new InvalidEventException("task outcome " + event.getOutcome() + " is not DONE or FAILED");
        }
        if (event.getOutput() == null || event.getOutput().length() > MAX_TASK_OUTPUT) {
            throw new InvalidEventException("task output is missing or longer than " + MAX_TASK_OUTPUT + " characters");
        }
    }

    /**
     * A resync page's range [from, to): from is "" (the first page) or a sha, to is null (the
     * last page) or a sha after from; every sha of the page lies in it.
     */
    public static void page(String from, String to, java.util.Collection<String> shas) {
        if (!from.isEmpty()) {
            sha(from);
        }
        if (to != null) {
            sha(to);
            if (to.compareTo(from) <= 0) {
                throw new InvalidEventException("page range [" + abbreviate(from) + ", " + abbreviate(to) + ") is empty");
            }
        }
        for (String sha : shas) {
            if (sha.compareTo(from) < 0 || (to != null && sha.compareTo(to) >= 0)) {
                throw new InvalidEventException("sha " + abbreviate(sha) + " is outside the page's range");
            }
        }
    }
}
