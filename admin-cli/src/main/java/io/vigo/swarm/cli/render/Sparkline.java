package io.vigo.swarm.cli.render;

/**
 * A series in one line of block characters, lowest value ▁ to highest █ (a flat series is all ▄),
 * followed by its range: {@code ▁▂▅█▇ 3–42}.
 */
public final class Sparkline {

    private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    public static String of(long[] values) {
        return of(values, String::valueOf);
    }

    /** With the range written by {@code format} (sizes as "46 GB", say). */
    public static String of(long[] values, java.util.function.LongFunction<String> format) {
        if (values.length == 0) {
            return "";
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        StringBuilder line = new StringBuilder(values.length + 24);
        for (long v : values) {
            line.append(max == min ? BLOCKS[3] : BLOCKS[(int) ((v - min) * (BLOCKS.length - 1) / (max - min))]);
        }
        return line.append(' ').append(min == max ? format.apply(min) : format.apply(min) + "–" + format.apply(max)).toString();
    }
}
