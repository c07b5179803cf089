package io.vigo.swarm.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs requests that failed inside the server: the stack trace of a kind of failure once per
 * period, one line for each repeat, so a client hammering a broken path cannot fill the log with
 * the same trace (500 requests once added 2 MB of them).
 */
public final class FailureLog {

    private final Logger log;
    private final long periodNanos;
    private final Map<String, Long> lastTraced = new ConcurrentHashMap<>();

    public FailureLog(Logger log, Duration period) {
        this.log = log;
        this.periodNanos = period.toNanos();
    }

    public void log(String request, Throwable failure) {
        String kind = failure.getClass().getName() + at(failure);
        long now = System.nanoTime();
        Long last = lastTraced.get(kind);
        if (last == null || now - last >= periodNanos) {
            lastTraced.put(kind, now);
            log.error("request {} failed", request, failure);
        } else {
            log.error("request {} failed: {} (stack trace logged {} s ago)", request, failure, (now - last) / 1_000_000_000L);
        }
    }

    private static String at(Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        return trace.length == 0 ? "" : "@" + trace[0];
    }
}
