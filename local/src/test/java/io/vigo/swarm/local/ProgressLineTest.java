package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void saysDoneOfTotalTheRateAndTheTimeLeft() {
        assertThat(ProgressLine.line("verify", 120_000, 1_200_000, Duration.ofSeconds(4)))
                .isEqualTo("verify: 120,000 of 1,200,000 records (10 %) · 30,000/s · 36 s left");
        assertThat(ProgressLine.line("export", 50, 0, Duration.ofSeconds(1))).isEqualTo("export: 50 records · 50/s");
        assertThat(ProgressLine.line("verify", 10, 10_000, Duration.ofSeconds(1))).endsWith("16 min left");
    }

    @Test
    void onATerminalRedrawsInPlaceAtMostFiveTimesASecondAndClearsAtTheEnd() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long[] now = {0};
        try (ProgressLine progress = new ProgressLine(new PrintStream(err, true, StandardCharsets.UTF_8), true, "verify", () -> now[0])) {
            now[0] = 1_000_000_000L;
            progress.update(10, 100);
            now[0] += 50_000_000L;
            progress.update(11, 100); // within 200 ms of the last draw: not drawn
            now[0] += 200_000_000L;
            progress.update(20, 100);
        }
        String drawn = err.toString(StandardCharsets.UTF_8);
        assertThat(drawn.split("\r", -1)).hasSize(4); // two draws and the clearing
        assertThat(drawn).contains("verify: 10 of 100 records (10 %)").contains("verify: 20 of 100 records (20 %)")
                .doesNotContain("11 of 100").endsWith("\r\u001b[K");
    }

    @Test
    void quietWhenNotATerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ProgressLine progress = new ProgressLine(new PrintStream(err, true, StandardCharsets.UTF_8), false, "verify", System::nanoTime)) {
            progress.update(10, 100);
        }
        assertThat(err.size()).isZero();
    }
}
