package io.vigo.swarm.cli.command;

import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.cli.render.Terminal;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A live view kept up to date, as {@code watch} and {@code kubectl get -w} keep theirs: asked again
 * every interval until Ctrl-C ends the process. On a terminal the screen is redrawn in place under
 * a header; piped, a block is printed when the view changed (its time stamp aside), so a log of
 * it holds each change once. When the server stops answering the watch says so, once, keeps the
 * last answer on screen and goes on asking; it says again when the server is back. An answer the
 * server refuses for good (a 4xx) ends the watch with that error, as a single run would.
 */
public final class Watch {

    /** Waits for the next round; false ends the watch (a test's pace ends it after some rounds). */
    public interface Pace {
        boolean next(Duration interval) throws InterruptedException;
    }

    /** The real pace: sleep for the interval, forever (Ctrl-C ends the process). */
    public static final Pace SLEEP = interval -> {
        Thread.sleep(interval.toMillis());
        return true;
    };

    private static final String HOME = "\u001b[H";
    private static final String CLEAR_SCREEN = "\u001b[2J";
    private static final String CLEAR_LINE = "\u001b[K";
    private static final String CLEAR_BELOW = "\u001b[J";
    /** How long a terminal shows that the server is back. */
    private static final Duration BACK_NOTICE = Duration.ofSeconds(10);

    private final Terminal terminal;
    private final String command;
    private final Duration interval;
    private final Pace pace;
    private final Clock clock;

    /** @param command what is watched, for the header: {@code vigocli swarm status} */
    public Watch(Terminal terminal, String command, Duration interval, Pace pace, Clock clock) {
        this.terminal = terminal;
        this.command = command;
        this.interval = interval;
        this.pace = pace;
        this.clock = clock;
    }

    /**
     * Watches until the pace ends it.
     *
     * @param fetch   asks the server once
     * @param screen  what an answer looks like (its screen, or its JSON with {@code --json})
     * @param content what must differ for an answer to count as a change: the answer without its time stamp
     */
    public <A> void run(Supplier<A> fetch, Function<A, String> screen, Function<A, Object> content) throws InterruptedException {
        boolean first = true;
        Object printed = null;
        String shown = null;
        Instant downSince = null;
        String downReason = null;
        Instant backAt = null;
        Duration backAfter = null;
        do {
            Instant now = clock.instant();
            try {
                A answer = fetch.get();
                if (downSince != null) {
                    backAt = now;
                    backAfter = Duration.between(downSince, now);
                    downSince = null;
                    if (!terminal.interactive()) {
                        terminal.err().println("vigocli: " + terminal.seconds(now) + " the server answers again (unavailable for "
                                + seconds(backAfter) + ")");
                    }
                }
                shown = screen.apply(answer);
                Object changed = content.apply(answer);
                if (!terminal.interactive() && !Objects.equals(changed, printed)) {
                    terminal.out().print(first ? shown : "\n" + shown);
                    terminal.out().flush();
                    printed = changed;
                    first = false;
                }
            } catch (ApiException e) {
                if (!e.retryable()) {
                    throw e;
                }
                if (downSince == null) {
                    downSince = now;
                    downReason = e.getMessage();
                    backAt = null;
                    if (!terminal.interactive()) {
                        terminal.err().println("vigocli: " + terminal.seconds(now) + " the server is unavailable: " + downReason
                                + "; still watching");
                    }
                }
            }
            if (terminal.interactive()) {
                String notice = null;
                if (downSince != null) {
                    notice = "! unavailable since " + terminal.seconds(downSince) + ": " + downReason
                            + (shown == null ? "" : " — the last answer below");
                } else if (backAt != null && Duration.between(backAt, now).compareTo(BACK_NOTICE) < 0) {
                    notice = "answering again since " + terminal.seconds(backAt) + " (unavailable for " + seconds(backAfter) + ")";
                }
                draw(now, notice, shown, first);
                first = false;
            }
        } while (pace.next(interval));
    }

    /** The whole screen in place: the header, the notice if any, the view; cut to the terminal's height. */
    private void draw(Instant now, String notice, String view, boolean first) {
        StringBuilder screen = new StringBuilder();
        screen.append("Every ").append(seconds(interval)).append(": ").append(command).append(" · ").append(terminal.seconds(now)).append('\n');
        if (notice != null) {
            screen.append(terminal.red().apply(notice)).append('\n');
        }
        screen.append('\n');
        if (view != null) {
            screen.append(view);
        }
        int rows = TerminalSize.rows();
        StringBuilder out = new StringBuilder(first ? HOME + CLEAR_SCREEN : HOME);
        String[] lines = screen.toString().split("\n", -1);
        int shownLines = rows > 1 ? Math.min(lines.length, rows - 1) : lines.length;
        for (int i = 0; i < shownLines; i++) {
            out.append(lines[i]).append(CLEAR_LINE);
            if (i < shownLines - 1) {
                out.append('\n');
            }
        }
        out.append(CLEAR_BELOW);
        terminal.out().print(out);
        terminal.out().flush();
    }

    private static String seconds(Duration duration) {
        long s = Math.max(1, Math.round(duration.toMillis() / 1000.0));
        return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    /** The controlling terminal's height, asked of {@code stty} each draw (a resize is followed); 0 when unknown. */
    static final class TerminalSize {
        private TerminalSize() {
        }

        static int rows() {
            File tty = new File("/dev/tty");
            if (!tty.canRead()) {
                return 0;
            }
            try {
                Process stty = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (!stty.waitFor(1, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                    return 0;
                }
                return Integer.parseInt(size.split("\\s+")[0]);
            } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }
}
