package io.vigo.swarm.cli.render;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Sizes exactly as go-humanize's {@code Bytes}: below 10 bytes "N B"; else base 1000 with one
 * decimal below 10 ("1.5 MB") and none from 10 ("312 MB"). Go rounds the value to one decimal
 * half up, then prints it with round-half-even, which this reproduces with BigDecimal.
 */
public final class Humanize {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private Humanize() {
    }

    /** A whole duration in its largest exact unit: 7d, 12h, 90m, 45s. */
    public static String duration(java.time.Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds > 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds > 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    public static String bytes(long size) {
        if (size < 10) {
            return size + " B";
        }
        int exponent = 0;
        double scale = 1;
        // The exponent by exact comparison: floor(log1000(size)) without floating-point doubt.
        while (exponent < UNITS.length - 1 && size / scale >= 1000) {
            scale *= 1000;
            exponent++;
        }
        double value = Math.floor(size / scale * 10 + 0.5) / 10;
        int decimals = value < 10 ? 1 : 0;
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString() + " " + UNITS[exponent];
    }
}
