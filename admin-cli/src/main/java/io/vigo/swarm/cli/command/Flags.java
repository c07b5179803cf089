package io.vigo.swarm.cli.command;

import io.vigo.swarm.api.Durations;
import io.vigo.swarm.api.Moments;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** Flag values people type, read with the API's own rules; a bad one is a usage error (exit 2) naming the flag. */
public final class Flags {

    private Flags() {
    }

    /** {@code 15s}, {@code 5m}, {@code 1h30m}, {@code 7d}, between {@code min} and {@code max}. */
    public static Duration duration(String flag, String text, Duration min, Duration max) {
        try {
            return Durations.parse(flag, text, min, max);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A moment: {@code yyyy-MM-dd HH:mm[:ss]} in {@code zone}, RFC 3339, or relative ({@code -2h}). */
    public static Instant moment(String flag, String text, ZoneId zone) {
        try {
            return Moments.parse(text, zone, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }
}
