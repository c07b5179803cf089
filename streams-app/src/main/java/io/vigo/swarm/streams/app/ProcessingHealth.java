package io.vigo.swarm.streams.app;

import io.vigo.swarm.streams.errors.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this instance's processing is halted, and why, in an operator's words: the schema
 * registry not answering a lookup, or a stream thread failing for another reason. Both retry on
 * their own; while failures keep coming (within {@link #RECENT}) the problem is reported by
 * {@code /ready} and in every 503 the API answers, so nobody is told "restoring" when the cause is
 * a registry that is down.
 */
final class ProcessingHealth implements DeadLetters.RegistryOutages {

    /** A failure this recent means processing is still halted; retries come every few seconds. */
    static final Duration RECENT = Duration.ofSeconds(15);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private record Failure(Instant first, Instant last, String cause) {
    }

    private final String registryUrl;
    private final Clock clock;
    private final AtomicReference<Failure> threadFailure = new AtomicReference<>();
    private final AtomicReference<Failure> registryFailure = new AtomicReference<>();

    ProcessingHealth(String registryUrl, Clock clock) {
        this.registryUrl = registryUrl;
        this.clock = clock;
    }

    /** A stream thread failed (and is being replaced) because of {@code cause}. */
    void threadFailed(Throwable cause) {
        record(threadFailure, rootMessage(cause));
    }

    @Override
    public void registryUnavailable(String message) {
        record(registryFailure, message);
    }

    /** Keeps when a run of failures began: a failure after a quiet spell starts a new run. */
    private void record(AtomicReference<Failure> failures, String cause) {
        Instant now = clock.instant();
        failures.updateAndGet(previous -> previous != null && Duration.between(previous.last(), now).compareTo(RECENT) <= 0
                ? new Failure(previous.first(), now, cause) : new Failure(now, now, cause));
    }

    /** What is wrong with processing now, or empty when it runs. */
    Optional<String> problem() {
        Instant now = clock.instant();
        Failure registry = registryFailure.get();
        if (registry != null && Duration.between(registry.last(), now).compareTo(RECENT) <= 0) {
            return Optional.of("processing halted since " + TIME.format(registry.first()) + " UTC: the schema registry at "
                    + registryUrl + " does not answer (" + registry.cause() + "); retrying");
        }
        Failure failure = threadFailure.get();
        if (failure != null && Duration.between(failure.last(), now).compareTo(RECENT) <= 0) {
            return Optional.of("processing halted since " + TIME.format(failure.first()) + " UTC: a stream thread failed ("
                    + failure.cause() + "); retrying from the last commit");
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
