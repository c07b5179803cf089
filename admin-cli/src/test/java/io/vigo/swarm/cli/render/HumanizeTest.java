package io.vigo.swarm.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are go-humanize's Bytes output for the same numbers. */
class HumanizeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0 B",
        "9|9 B",
        "10|10 B",
        "999|999 B",
        "1000|1.0 kB",
        "1500000|1.5 MB",
        "312000000|312 MB",
        "312500000|312 MB",
        "313500000|314 MB",
        "482000000|482 MB",
        "9950000|10 MB",
        "999999999|1000 MB",
        "1000000000|1.0 GB",
        "52428800|52 MB",
    })
    void formatsLikeGoHumanize(long size, String expected) {
        assertThat(Humanize.bytes(size)).isEqualTo(expected);
    }
}
