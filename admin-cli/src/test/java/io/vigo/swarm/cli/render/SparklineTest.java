package io.vigo.swarm.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparklineTest {

    @Test
    void lowestToHighestWithTheRange() {
        assertThat(Sparkline.of(new long[]{0, 7, 14, 7, 0})).isEqualTo("▁▄█▄▁ 0–14");
    }

    @Test
    void theRangeInTheColumnsOwnUnits() {
        assertThat(Sparkline.of(new long[]{0, 46_297_267_162L}, Humanize::bytes)).isEqualTo("▁█ 0 B–46 GB");
    }

    @Test
    void aFlatSeriesIsAFlatLine() {
        assertThat(Sparkline.of(new long[]{5, 5, 5})).isEqualTo("▄▄▄ 5");
        assertThat(Sparkline.of(new long[0])).isEmpty();
    }
}
