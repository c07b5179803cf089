package io.vigo.swarm.streams.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NewestMomentsTest {

    @Test
    void aHostNeverRaisedIsUnknown() {
        NewestMoments newest = new NewestMoments();
        newest.raise("a.example", 5);

        assertThat(newest.get("b.example")).isEqualTo(NewestMoments.UNKNOWN);
    }

    @Test
    void aHostsMomentOnlyEverGoesUp() {
        NewestMoments newest = new NewestMoments();
        newest.raise("a.example", 1_000);
        newest.raise("a.example", 400); // a late change: the host's newest entry is still at 1,000

        assertThat(newest.get("a.example")).isEqualTo(1_000);
        newest.raise("a.example", 2_000);
        assertThat(newest.get("a.example")).isEqualTo(2_000);
        assertThat(newest.size()).isOne();
    }

    @Test
    void keepsEveryHostAcrossGrowth() {
        NewestMoments newest = new NewestMoments();
        int hosts = 50_000; // past the first capacity many times over
        for (int i = 0; i < hosts; i++) {
            newest.raise("host" + i + ".example", i);
        }

        assertThat(newest.size()).isEqualTo(hosts);
        for (int i = 0; i < hosts; i++) {
            assertThat(newest.get("host" + i + ".example")).as("host %d", i).isEqualTo(i);
        }
        assertThat(newest.get("host" + hosts + ".example")).isEqualTo(NewestMoments.UNKNOWN);
    }

    @Test
    void forgetsEverythingPastItsLimitAndStartsAgain() {
        NewestMoments newest = new NewestMoments();
        for (int i = 0; i < NewestMoments.MOST; i++) {
            newest.raise("h" + i, 7);
        }
        assertThat(newest.size()).isEqualTo(NewestMoments.MOST);

        newest.raise("one-more", 9);

        assertThat(newest.size()).isOne();
        assertThat(newest.get("one-more")).isEqualTo(9);
        assertThat(newest.get("h0")).isEqualTo(NewestMoments.UNKNOWN);
    }
}
