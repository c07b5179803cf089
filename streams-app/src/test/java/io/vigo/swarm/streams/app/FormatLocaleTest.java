package io.vigo.swarm.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The app formats numbers with en-US as the default, whatever locale the JVM started with. */
class FormatLocaleTest {

    private Locale before;

    @BeforeEach
    void startUnderPlainEnglish() {
        before = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.ENGLISH); // what LANG=C.UTF-8 gives a JVM
    }

    @AfterEach
    void restore() {
        Locale.setDefault(Locale.Category.FORMAT, before);
    }

    @Test
    void theDefaultFormatLocaleBecomesUs() {
        StreamsApp.formatNumbersAsUs();

        assertThat(Locale.getDefault(Locale.Category.FORMAT)).isEqualTo(Locale.US);
        assertThat(String.format("Partition %s has fetched lag of %d", "vigo.checkins-0", 1234567L))
                .isEqualTo("Partition vigo.checkins-0 has fetched lag of 1234567");
    }

    @Test
    void onlyTheFormatCategoryMoves() {
        Locale display = Locale.getDefault(Locale.Category.DISPLAY);

        StreamsApp.formatNumbersAsUs();

        assertThat(Locale.getDefault(Locale.Category.DISPLAY)).isEqualTo(display);
    }
}
