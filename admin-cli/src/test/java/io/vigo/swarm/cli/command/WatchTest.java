package io.vigo.swarm.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.cli.render.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@code --watch}: what a terminal and a pipe see as answers change and the server goes and comes back. */
class WatchTest {

    private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A view's answer: its time stamp and what it shows. */
    private record Answer(Instant at, String shows) {
    }

    /** The server's replies, one per round: an answer, or null for "unavailable". */
    private final class Server implements Supplier<Answer> {
        private final Deque<String> replies;
        private final MovingClock clock;

        Server(MovingClock clock, String... replies) {
            this.clock = clock;
            this.replies = new ArrayDeque<>(List.of(replies));
        }

        @Override
        public Answer get() {
            String reply = replies.poll();
            if (reply.equals("down")) {
                throw new ApiException("cannot reach the vigo API at http://127.0.0.1:8080", 0, true);
            }
            if (reply.equals("refused")) {
                throw new ApiException("no envoy named x", 404, false);
            }
            return new Answer(clock.instant(), reply);
        }

        int left() {
            return replies.size();
        }
    }

    /** A clock the pace moves on by the interval each round. */
    private static final class MovingClock extends Clock {
        private Instant now = START;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private Terminal terminal(boolean interactive) {
        return new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, ZoneOffset.UTC, interactive);
    }

    private void watch(boolean interactive, String... replies) throws InterruptedException {
        MovingClock clock = new MovingClock();
        Server server = new Server(clock, replies);
        Watch.Pace rounds = interval -> {
            clock.now = clock.now.plus(interval);
            return server.left() > 0;
        };
        new Watch(terminal(interactive), "vigocli swarm status", INTERVAL, rounds, clock)
                .run(server, answer -> "generated " + answer.at() + "\n" + answer.shows() + "\n", Answer::shows);
    }

    @Test
    void pipedPrintsEachChangeOnceAndSaysWhenTheServerWentAndCameBack() throws Exception {
        watch(false, "3 online", "3 online", "4 online", "down", "down", "down", "4 online", "5 online");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "generated 2026-12-05T10:00:00Z\n3 online\n"
                        + "\ngenerated 2026-12-05T10:00:04Z\n4 online\n"
                        + "\ngenerated 2026-12-05T10:00:14Z\n5 online\n");
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "vigocli: 2026-12-05 10:00:06 the server is unavailable: cannot reach the vigo API at http://127.0.0.1:8080; still watching",
                "vigocli: 2026-12-05 10:00:12 the server answers again (unavailable for 6 s)");
    }

    @Test
    void onATerminalTheScreenIsRedrawnInPlaceAndKeepsTheLastAnswerWhileTheServerIsAway() throws Exception {
        watch(true, "3 online", "down", "4 online");

        String screen = out.toString(StandardCharsets.UTF_8);
        String[] draws = screen.split("\u001b\\[H", -1);
        assertThat(draws).as("one draw per round, each from the top").hasSize(4);
        assertThat(draws[0]).isEmpty();
        assertThat(draws[1]).startsWith("\u001b[2J").contains("Every 2 s: vigocli swarm status · 2026-12-05 10:00:00").contains("3 online");
        assertThat(draws[2]).as("the first draw alone clears the screen").doesNotContain("\u001b[2J")
                .contains("! unavailable since 2026-12-05 10:00:02: cannot reach the vigo API at http://127.0.0.1:8080 — the last answer below")
                .contains("3 online");
        assertThat(draws[3]).contains("answering again since 2026-12-05 10:00:04 (unavailable for 2 s)").contains("4 online")
                .endsWith("\u001b[J");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anAnswerRefusedForGoodEndsTheWatchWithThatError() {
        assertThatThrownBy(() -> watch(false, "3 online", "refused", "3 online"))
                .isInstanceOf(ApiException.class).hasMessage("no envoy named x");
    }
}
