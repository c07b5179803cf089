package io.vigo.swarm.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvoyColorTest {

    @Test
    void defaultSlotIsFnv1aOfTheHostnameModuloEight() {
        // FNV-1a 32 of "a" is 0xe40c292c; 0x2c % 8 = 4: peach.
        assertThat(EnvoyColor.slot("a")).isEqualTo(4);
        assertThat(EnvoyColor.resolve("a", null)).isEqualTo(new EnvoyColor("#fab387", false));
    }

    @Test
    void namedColourPinsCaseInsensitively() {
        assertThat(EnvoyColor.resolve("danlap", "Green")).isEqualTo(new EnvoyColor("#a6e3a1", true));
    }

    @Test
    void shortHexIsExpandedAndLowerCased() {
        assertThat(EnvoyColor.resolve("danlap", "#ABC")).isEqualTo(new EnvoyColor("#aabbcc", true));
        assertThat(EnvoyColor.resolve("danlap", "#A0B1C2")).isEqualTo(new EnvoyColor("#a0b1c2", true));
    }

    @Test
    void anyOtherValueFallsBackToTheSlot() {
        EnvoyColor slot = EnvoyColor.resolve("danlap", null);
        assertThat(EnvoyColor.resolve("danlap", "chartreuse")).isEqualTo(slot);
        assertThat(EnvoyColor.resolve("danlap", "#abcd")).isEqualTo(slot);
        assertThat(slot.pinned()).isFalse();
    }
}
