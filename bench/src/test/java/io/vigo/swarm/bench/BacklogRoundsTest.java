package io.vigo.swarm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BacklogRoundsTest {

    @Test
    void aBacklogTooShortForItsFleetStillHoldsThreeRoundsSoItsSecondHalfIsTheSteadyWorkload() {
        // 150,000 events at 100,000 envoys would be the joins and one round: every envoy's first check-in.
        int rounds = BenchCommand.Settings.QUICK.rounds(100_000);
        assertThat(rounds).isEqualTo(BenchCommand.MIN_ROUNDS);

        double joins = 100_000;
        double firstRoundEnds = joins + 100_000 * BenchFleet.EVENTS_PER_CHECK_IN;
        double total = joins + rounds * 100_000 * BenchFleet.EVENTS_PER_CHECK_IN;
        assertThat(total / 2).isGreaterThan(firstRoundEnds);
    }

    @Test
    void aLongBacklogIsFilledWithWholeRounds() {
        assertThat(BenchCommand.Settings.QUICK.rounds(1_000)).isEqualTo(125); // (150,000 - 1,000) / 1,200 = 124.2, rounded up
        assertThat(BenchCommand.Settings.QUICK.withBacklog(2_500_000).rounds(100_000)).isEqualTo(20); // 2,400,000 / 120,000
    }
}
