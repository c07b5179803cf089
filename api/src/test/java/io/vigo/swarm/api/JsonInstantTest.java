package io.vigo.swarm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Json.parseInstant reads what Instant.parse reads, and refuses what it refuses, with its error. */
class JsonInstantTest {

    @Test
    void readsEveryInstantAsTheJdkDoes() {
        Random random = new Random(42);
        List<String> texts = new ArrayList<>(List.of("2026-12-06T00:15:08Z", "2026-12-06T00:15:08.1Z", "2026-12-06T00:15:08.123Z",
                "2026-12-06T00:15:08.123456789Z", "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
                "1969-12-31T23:59:59.5Z"));
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong() % 60_000_000_000L, random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            texts.add(instant.toString());
            if (instant.isAfter(Instant.parse("0001-01-01T00:00:00Z"))) {
                texts.add(Json.format(instant)); // its pattern writes the year of the era: for years after 0 only
            }
        }
        for (String text : texts) {
            assertThat(Json.parseInstant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void refusesWhatTheJdkRefusesWithItsError() {
        for (String text : List.of("", "2026-12-06", "2026-12-06T00:15:08", "2026-12-06T00:15:08.1234567890Z",
                "2026-13-06T00:15:08Z", "2026-02-30T00:15:08Z", "2025-02-29T00:00:00Z", "2026-12-06T00:60:00Z",
                "2026-12-06T00:15:61Z", "2026-12-06T00:15:08+01:00x", "2026-1a-06T00:15:08Z", "２０２６-12-06T00:15:08Z",
                "2026-12-06T00:15:08.12a4Z", " 2026-12-06T00:15:08Z", "2026-12-06T00:15:08Z ")) {
            Throwable jdk = catchThrowable(() -> Instant.parse(text));
            Throwable ours = catchThrowable(() -> Json.parseInstant(text));
            assertThat(jdk).as(text).isNotNull();
            assertThat(ours).as(text).isInstanceOf(jdk.getClass()).hasMessage(jdk.getMessage());
        }
    }

    @Test
    void whatTheFastPathLeavesToTheJdkStillReadsAsTheJdkReadsIt() {
        for (String text : List.of("2026-12-06T00:15:08+01:00", "+12026-12-06T00:15:08Z", "2016-12-31T23:59:60Z", "2026-12-06T00:15:08.000000000Z",
                "2026-12-06T00:15:08.Z", "2026-12-06T24:00:00Z",
                "2026-12-06t00:15:08Z", "2026-12-06T00:15:08z")) {
            assertThat(Json.parseInstant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }
}
