package io.vigo.swarm.events.rules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventRulesTest {

    private static final long NOW = Instant.parse("2026-12-02T12:00:00Z").toEpochMilli();
    private static final long NONE = -1;

    @Test
    void refusesAnEpochFromTheFutureSoOneEventCannotFreezeAHost() {
        assertThatThrownBy(() -> EventRules.sequence(Long.MAX_VALUE, Long.MAX_VALUE, NOW, 5, 10))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("after the record's time");
        assertThatThrownBy(() -> EventRules.sequence(NOW + 3_600_001L, 1, NOW, NONE, NONE))
                .isInstanceOf(InvalidEventException.class);
        assertThatCode(() -> EventRules.sequence(NOW + 3_600_000L, 1, NOW, NONE, NONE)).doesNotThrowAnyException();
    }

    @Test
    void refusesASequenceFarAheadOfTheOneHeldInTheSameEpoch() {
        assertThatThrownBy(() -> EventRules.sequence(7, Long.MAX_VALUE, NOW, 7, 40))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("of the 40 the view holds");
        assertThatThrownBy(() -> EventRules.sequence(7, 40 + EventRules.MAX_SEQUENCE_STEP + 1, NOW, 7, 40))
                .isInstanceOf(InvalidEventException.class);
        assertThatCode(() -> EventRules.sequence(7, 40 + EventRules.MAX_SEQUENCE_STEP, NOW, 7, 40)).doesNotThrowAnyException();
    }

    @Test
    void boundsANewTimeBasedEpochsSequenceByTheTimeSinceItBegan() {
        long started = NOW - 60_000; // one minute ago: at most 60,000 + a million events
        assertThatCode(() -> EventRules.sequence(started, 1_060_000, NOW, 1, 99)).doesNotThrowAnyException();
        assertThatThrownBy(() -> EventRules.sequence(started, 1_060_001, NOW, 1, 99))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("of the epoch's start");
    }

    @Test
    void acceptsACountingEpochOfAnOlderAgentAndItsRestart() {
        assertThatCode(() -> EventRules.sequence(1, 1, NOW, NONE, NONE)).doesNotThrowAnyException();
        assertThatCode(() -> EventRules.sequence(2, 1, NOW, 1, 5_000_000)).doesNotThrowAnyException();
    }

    @Test
    void refusesNegativeEpochsAndSequences() {
        assertThatThrownBy(() -> EventRules.sequence(-1, 1, NOW, NONE, NONE)).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> EventRules.sequence(1, -1, NOW, NONE, NONE)).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void refusesAMalformedPatternWithTheCliMatchersReason() {
        assertThatThrownBy(() -> EventRules.pattern("target", "["))
                .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("target: malformed pattern \"[\"");
        assertThatCode(() -> EventRules.pattern("target", "host[0-9]*")).doesNotThrowAnyException();
    }
}
