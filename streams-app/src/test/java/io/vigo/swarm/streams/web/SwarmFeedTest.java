package io.vigo.swarm.streams.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.streams.web.SwarmFeed.Patch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SwarmFeedTest {

    private static List<PeerRow> rows(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new PeerRow(String.format("host%05d", i), io.vigo.swarm.api.EnvoyStatus.ONLINE, io.vigo.swarm.api.Substrate.IDLE, 0, 1, 0, 1_000L * i,
                        Instant.EPOCH, "#336699", false))
                .toList();
    }

    @Test
    void aWholeFleetGoesOutInPartsOfAtMostTheLimitOnlyTheLastSayingNoMoreFollow() {
        List<PeerRow> fleet = rows(2_501);

        List<Patch> parts = Patch.inParts(true, fleet, List.of(), 1_000);

        assertThat(parts).extracting(part -> part.upsert().size()).containsExactly(1_000, 1_000, 501);
        assertThat(parts).extracting(Patch::more).containsExactly(true, true, false);
        assertThat(parts).allMatch(Patch::reset, "every part of a reset says reset");
        List<PeerRow> joined = new ArrayList<>();
        parts.forEach(part -> joined.addAll(part.upsert()));
        assertThat(joined).as("the rows in their order, none lost or repeated").isEqualTo(fleet);
    }

    @Test
    void departuresAndChangesShareTheLimitAndDeparturesComeFirst() {
        List<String> gone = List.of("gone1", "gone2", "gone3");

        List<Patch> parts = Patch.inParts(false, rows(4), gone, 2);

        assertThat(parts).extracting(Patch::remove).containsExactly(List.of("gone1", "gone2"), List.of("gone3"), List.of(), List.of());
        assertThat(parts).extracting(part -> part.upsert().size()).containsExactly(0, 1, 2, 1);
        assertThat(parts).extracting(Patch::more).containsExactly(true, true, true, false);
        assertThat(parts).noneMatch(Patch::reset);
    }

    @Test
    void theResetOfAnEmptyFleetIsOneEmptyEvent() {
        assertThat(Patch.inParts(true, List.of(), List.of(), 1_000)).containsExactly(new Patch(true, false, List.of(), List.of()));
    }

    @Test
    void aPatchWithinTheLimitIsOneEvent() {
        List<PeerRow> changed = rows(1_000);

        assertThat(Patch.inParts(false, changed, List.of("gone"), 1_001)).singleElement()
                .satisfies(part -> {
                    assertThat(part.more()).isFalse();
                    assertThat(part.upsert()).isEqualTo(changed);
                    assertThat(part.remove()).containsExactly("gone");
                });
    }
}
