package io.vigo.swarm.streams.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.FleetMark;
import io.vigo.swarm.streams.web.SwarmFeed.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SwarmFeedTest {

    private static List<FleetMark> rows(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new FleetMark(String.format("host%05d", i), io.vigo.swarm.api.EnvoyStatus.ONLINE, 0, 1, 1_000L * i,
                        0, "#336699", java.util.Map.of()))
                .toList();
    }

    @Test
    void aMarkIsAJsonArrayInTheOrderThePageReadsIt() throws Exception {
        FleetMark mark = new FleetMark("host0042", io.vigo.swarm.api.EnvoyStatus.ONLINE, 2, 14, 312_000_000L, 1_745_432_643_000L,
                "#a6e3a1", java.util.Map.of("team", "ops"));
        String json = io.vigo.swarm.api.Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(mark);
        assertThat(json).isEqualTo("[\"host0042\",\"online\",2,14,312000000,1745432643000,\"#a6e3a1\",{\"team\":\"ops\"}]");
        assertThat(io.vigo.swarm.api.Json.mapper().readValue(json, FleetMark.class)).as("read back, as instances send them to each other")
                .isEqualTo(mark);
    }

    @Test
    void aWholeFleetGoesOutInPartsOfAtMostTheLimitOnlyTheLastSayingNoMoreFollow() {
        List<FleetMark> fleet = rows(2_501);

        List<Patch> parts = Patch.inParts(true, fleet, List.of(), 1_000);

        assertThat(parts).extracting(part -> part.upsert().size()).containsExactly(1_000, 1_000, 501);
        assertThat(parts).extracting(Patch::more).containsExactly(true, true, false);
        assertThat(parts).allMatch(Patch::reset, "every part of a reset says reset");
        List<FleetMark> joined = new ArrayList<>();
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
        List<FleetMark> changed = rows(1_000);

        assertThat(Patch.inParts(false, changed, List.of("gone"), 1_001)).singleElement()
                .satisfies(part -> {
                    assertThat(part.more()).isFalse();
                    assertThat(part.upsert()).isEqualTo(changed);
                    assertThat(part.remove()).containsExactly("gone");
                });
    }
}
