package io.vigo.swarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostnamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "7", "host0042", "edge-1.fra.example", "a-b", "a.b", "0-0"})
    void acceptsLowerCaseLettersDigitsDotsAndDashesBetweenAlphanumerics(String hostname) {
        assertThat(Hostnames.isValid(hostname)).isTrue();
        assertThat(Hostnames.problemWith(hostname)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-a", "a-", ".a", "a.", "-", ".", "Host", "hOst", "host_1", "host 1", "hôst", "a/b", "a:1", "a..b", "a.-b", "a-.b",
            "../etc", "a\nb"})
    void refusesAnythingElseWithTheRuleInOneLine(String hostname) {
        assertThat(Hostnames.isValid(hostname)).isFalse();
        assertThat(Hostnames.problemWith(hostname)).isEqualTo("hostname \"" + hostname.replaceAll("[^\\x20-\\x7e]", "?")
                + "\" is not lower-case letters, digits, '.' and '-' (each dot-separated label starting and ending with a letter or digit)");
    }

    @Test
    void refusesEmptyAndOverlongHostnames() {
        assertThat(Hostnames.problemWith(null)).isEqualTo("hostname is empty");
        assertThat(Hostnames.problemWith("")).isEqualTo("hostname is empty");
        assertThat(Hostnames.isValid("a".repeat(Hostnames.MAX_LENGTH))).isTrue();
        assertThat(Hostnames.problemWith("a".repeat(Hostnames.MAX_LENGTH + 1))).isEqualTo("hostname is longer than 253 characters");
    }

    @Test
    void aSha256IsExactly64LowerCaseHexDigits() {
        String sha = "0123456789abcdef".repeat(4);
        assertThat(Hostnames.isSha256(sha)).isTrue();
        assertThat(Hostnames.isSha256(null)).isFalse();
        assertThat(Hostnames.isSha256(sha.substring(1))).isFalse();
        assertThat(Hostnames.isSha256(sha + "0")).isFalse();
        assertThat(Hostnames.isSha256(sha.toUpperCase())).isFalse();
        assertThat(Hostnames.isSha256(sha.replace('f', 'g'))).isFalse();
        assertThat(Hostnames.isSha256(sha.replace('9', '/'))).isFalse();
        assertThat(Hostnames.isSha256(sha.replace('0', ':'))).isFalse();
    }
}
