package io.vigo.swarm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases checked against Go's path/filepath.Match (Go 1.16+, which validates the whole pattern). */
class HostPatternTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = ' ', value = {
        "* danlap true",
        "*.ci.example.com build1.ci.example.com true",
        "*.ci.example.com ci.example.com false",
        "d?nlap danlap true",
        "d?nlap dnlap false",
        "[a-c]* banana true",
        "[^a-c]* banana false",
        "[^a-c]* danlap true",
        "\\* * true",
        "[\\]] ] true",
        "*x xxx true",
        "a*b a/b false",
        "home* HomeServer true",
        "[z-a] a false",
        "plex plexx false",
    })
    void matchesLikeGo(String pattern, String name, boolean expected) {
        assertThat(HostPattern.compile(pattern).matches(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "[]a]", "a\\", "[x-]", "a[", "[a-b-c]", "[^]", "[-a]", "[\\"})
    void rejectsMalformedPatternsWhateverTheName(String pattern) {
        assertThatThrownBy(() -> HostPattern.compile(pattern))
                .isInstanceOf(HostPattern.BadPatternException.class)
                .hasMessageStartingWith("malformed pattern");
    }
}
