package io.vigo.swarm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentilesAreNearestRank() {
        List<Double> samples = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            samples.add((double) i);
        }
        Collections.shuffle(samples);
        assertThat(Stats.percentile(samples, 50)).isEqualTo(100.0);
        assertThat(Stats.percentile(samples, 99)).isEqualTo(198.0);
        assertThat(Stats.percentile(samples, 100)).isEqualTo(200.0);
        assertThat(Stats.percentile(List.of(7.0), 99)).isEqualTo(7.0);
        assertThat(Stats.percentile(List.of(), 99)).isNaN();
    }

    @Test
    void aTimedOutSampleCountsAsSlowerThanEveryRealOne() {
        List<Double> samples = new ArrayList<>(List.of(1.0, 2.0, 3.0));
        samples.add(Probes.TIMED_OUT);
        assertThat(Stats.percentile(samples, 99)).isEqualTo(Probes.TIMED_OUT);
        assertThat(Stats.percentile(samples, 50)).isEqualTo(2.0);
    }
}
