package io.vigo.swarm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MomentsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void localTimeInTheCliZoneRfc3339AndRelative() {
        assertThat(Moments.parse("2026-12-05 09:30", BERLIN, NOW)).isEqualTo(Instant.parse("2026-12-05T08:30:00Z"));
        assertThat(Moments.parse("2026-12-05 09:30:15", BERLIN, NOW)).isEqualTo(Instant.parse("2026-12-05T08:30:15Z"));
        assertThat(Moments.parse("2026-12-05T09:30:00+01:00", BERLIN, NOW)).isEqualTo(Instant.parse("2026-12-05T08:30:00Z"));
        assertThat(Moments.parse("2026-12-05T09:30:00.250Z", BERLIN, NOW)).isEqualTo(Instant.parse("2026-12-05T09:30:00.250Z"));
        assertThat(Moments.parse("-2h", BERLIN, NOW)).isEqualTo(NOW.minus(Duration.ofHours(2)));
        assertThat(Moments.parse("-3d", BERLIN, NOW)).isEqualTo(NOW.minus(Duration.ofDays(3)));
        assertThat(Moments.parse("-90m", BERLIN, NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(Moments.parse(" -30s ", BERLIN, NOW)).isEqualTo(NOW.minusSeconds(30));
    }

    @Test
    void anythingElseIsOneLineNamingTheFormats() {
        for (String bad : new String[]{"", "yesterday", "2h", "-2w", "2026-12-05", "2026-13-05 09:30", "-99999999999h", "2026-12-05T09:30"}) {
            assertThatThrownBy(() -> Moments.parse(bad, BERLIN, NOW)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a moment: use " + Moments.FORMATS);
        }
    }

    @Test
    void durationsTakeDays() {
        assertThat(Durations.parse("--since", "7d", Duration.ofMinutes(1), Duration.ofDays(30))).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("--since", "1d12h", Duration.ofMinutes(1), Duration.ofDays(30))).isEqualTo(Duration.ofHours(36));
        assertThat(Durations.parse("--step", "15m", Duration.ofMinutes(1), Duration.ofDays(1))).isEqualTo(Duration.ofMinutes(15));
    }
}
