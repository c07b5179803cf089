package io.vigo.swarm.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One line on a terminal that says how far a long job is: records done of the total, the rate
 * and the time left, redrawn in place a few times a second and cleared when the job ends. Quiet
 * when the output is not a terminal (piped into a file or another program, or in CI), so logs
 * and captured output hold only the job's own lines.
 */
public final class ProgressLine implements AutoCloseable {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final boolean shown;
    private final String what;
    private final LongSupplier nanos;
    private final long startNanos;
    private long drawnNanos = Long.MIN_VALUE;
    private boolean drawn;

    ProgressLine(PrintStream err, boolean shown, String what, LongSupplier nanos) {
        this.err = err;
        this.shown = shown;
        this.what = what;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
    }

    /** On stderr while the process runs at a terminal; quiet otherwise. */
    public static ProgressLine onTerminal(String what) {
        return new ProgressLine(System.err, System.console() != null, what, System::nanoTime);
    }

    /** {@code work}'s result; meanwhile a line on the terminal (as {@link #onTerminal}) that {@code work} updates, closed after it. */
    public static <T> T around(String what, java.util.function.Function<ProgressLine, T> work) {
        try (ProgressLine line = onTerminal(what)) {
            return work.apply(line);
        }
    }

    /** {@code done} of {@code total} (0 or less: unknown) so far; drawn at most five times a second. */
    public void update(long done, long total) {
        if (!shown) {
            return;
        }
        long now = nanos.getAsLong();
        if (drawn && now - drawnNanos < REDRAW_NANOS) {
            return;
        }
        drawnNanos = now;
        drawn = true;
        err.print("\r" + line(what, done, total, Duration.ofNanos(now - startNanos)) + "\u001b[K");
        err.flush();
    }

    /** {@code verify: 120,000 of 1,200,000 records (10 %) · 45,210/s · 24 s left}. */
    static String line(String what, long done, long total, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder line = new StringBuilder(what).append(": ").append(String.format(Locale.ROOT, "%,d", done));
        if (total > 0) {
            line.append(String.format(Locale.ROOT, " of %,d records (%d %%)", total, Math.min(100, done * 100 / total)));
        } else {
            line.append(" records");
        }
        if (rate > 0) {
            line.append(String.format(Locale.ROOT, " · %,.0f/s", rate));
            if (total > done) {
                line.append(" · ").append(human(Math.round((total - done) / rate))).append(" left");
            }
        }
        return line.toString();
    }

    private static String human(long seconds) {
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? (seconds / 60) + " min" : (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }

    /** Clears the line, so what the job prints next starts on a clean one. */
    @Override
    public void close() {
        if (shown && drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
