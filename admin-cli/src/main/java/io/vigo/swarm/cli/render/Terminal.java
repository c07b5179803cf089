package io.vigo.swarm.cli.render;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where output goes and how it looks: stdout is always UTF-8 (headers contain '—' and '·'),
 * colour only when stdout is a terminal and NO_COLOR is unset or empty, times in the local zone.
 * {@code interactive}: a person at a terminal (stdin and stdout are one), so a watched view is
 * redrawn in place rather than printed block after block.
 */
public record Terminal(PrintStream out, PrintStream err, boolean colour, ZoneId zone, boolean interactive) {

    /** A terminal nobody watches interactively (output piped or captured). */
    public Terminal(PrintStream out, PrintStream err, boolean colour, ZoneId zone) {
        this(out, err, colour, zone, false);
    }

    public static Terminal system() {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        String noColour = System.getenv("NO_COLOR");
        boolean interactive = System.console() != null;
        boolean colour = interactive && (noColour == null || noColour.isEmpty());
        return new Terminal(out, err, colour, ZoneId.systemDefault(), interactive);
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    /** A time in the local zone to the second, as "generated" lines show it. */
    public String seconds(Instant instant) {
        return SECONDS.format(instant.atZone(zone));
    }

    /** A time in the local zone to the minute (truncated), as LAST SEEN columns show it. */
    public String minutes(Instant instant) {
        return MINUTES.format(instant.atZone(zone));
    }

    public UnaryOperator<String> green() {
        return paint("32");
    }

    public UnaryOperator<String> red() {
        return paint("31");
    }

    public UnaryOperator<String> dim() {
        return paint("2");
    }

    private UnaryOperator<String> paint(String code) {
        return colour ? text -> "\u001b[" + code + "m" + text + "\u001b[0m" : UnaryOperator.identity();
    }
}
