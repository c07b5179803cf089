package io.vigo.swarm.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people type them on a command line: {@code 15s}, {@code 5m}, {@code 1h30m}, {@code 7d}. */
public final class Durations {

    private Durations() {
    }

    /** The duration {@code text} names, at least {@code min} and at most {@code max}; one line naming the flag when it is not. */
    public static Duration parse(String flag, String text, Duration min, Duration max) {
        Duration parsed;
        try {
            String upper = text.toUpperCase(Locale.ROOT);
            int days = upper.indexOf('D');
            // Days come first (3d, 1d12h); java.time wants them before the T.
            parsed = Duration.parse(days < 0 ? "PT" + upper : "P" + upper.substring(0, days + 1) + (days + 1 < upper.length() ? "T" + upper.substring(days + 1) : ""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + " \"" + Hostnames.printable(text) + "\" is not a duration like 15s, 5m, 1h30m or 7d");
        }
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            throw new IllegalArgumentException(flag + " must be between " + human(min) + " and " + human(max) + ", not " + text);
        }
        return parsed;
    }

    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
