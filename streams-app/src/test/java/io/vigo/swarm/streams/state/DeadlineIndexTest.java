package io.vigo.swarm.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineIndexTest {

    private final KeyValueStore<Bytes, String> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("deadlines"), Serdes.Bytes(), Serdes.String()).withLoggingDisabled().build();

    DeadlineIndexTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void takesWhatIsDueEarliestFirstAndLeavesTheRest() {
        DeadlineIndex index = new DeadlineIndex(store);
        index.put(3_000, "c");
        index.put(1_000, "a");
        index.put(2_000, "b");
        index.put(9_000, "z");

        assertThat(ids(index.takeDue(2_000))).containsExactly("a", "b");
        assertThat(ids(index.takeDue(2_999))).isEmpty();
        assertThat(ids(index.takeDue(3_000))).containsExactly("c");
        assertThat(store.approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void anEntryPutBelowTheLastSweepIsStillTaken() {
        DeadlineIndex index = new DeadlineIndex(store);
        index.put(5_000, "late");
        assertThat(ids(index.takeDue(10_000))).containsExactly("late");

        index.put(4_000, "behind");
        index.put(12_000, "ahead");
        assertThat(ids(index.takeDue(11_000))).containsExactly("behind");
        assertThat(ids(index.takeDue(12_000))).containsExactly("ahead");
    }

    @Test
    void aClearedIndexHoldsNothingAndTakesWhatIsPutAfterward() {
        DeadlineIndex index = new DeadlineIndex(store);
        index.put(1_000, "a");
        index.put(2_000, "b");
        assertThat(ids(index.takeDue(1_000))).containsExactly("a");

        index.clear();
        assertThat(store.approximateNumEntries()).isZero();
        assertThat(ids(index.takeDue(5_000))).isEmpty();

        index.put(3_000, "rebuilt");
        assertThat(ids(index.takeDue(5_000))).containsExactly("rebuilt");
    }

    @Test
    void aNewInstanceOverTheSameStoreFindsWhatAnEarlierOneLeft() {
        DeadlineIndex first = new DeadlineIndex(store);
        first.put(1_000, "a");
        first.put(7_000, "b");
        assertThat(ids(first.takeDue(5_000))).containsExactly("a");

        store.put(Keys.deadline(2_000, "written-before-a-restart"), "written-before-a-restart");
        DeadlineIndex second = new DeadlineIndex(store);
        assertThat(ids(second.takeDue(8_000))).containsExactly("written-before-a-restart", "b");
    }

    @Test
    void aClockThatGoesBackTakesNothingAndLosesNothing() {
        DeadlineIndex index = new DeadlineIndex(store);
        index.put(6_000, "x");
        assertThat(ids(index.takeDue(5_000))).isEmpty();
        assertThat(ids(index.takeDue(3_000))).isEmpty();
        assertThat(ids(index.takeDue(6_000))).containsExactly("x");
    }

    @Test
    void aSweepTakesAtMostItsShareAndTheNextOnesTakeTheRestInOrder() {
        DeadlineIndex index = new DeadlineIndex(store);
        index.put(1_000, "a");
        index.put(2_000, "b1");
        index.put(2_000, "b2");
        index.put(2_000, "b3");
        index.put(3_000, "c");
        index.put(9_000, "not-due");

        assertThat(ids(index.takeDue(5_000, 2))).containsExactly("a", "b1");
        index.put(1_500, "put-meanwhile");
        assertThat(ids(index.takeDue(5_000, 2))).containsExactly("put-meanwhile", "b2");
        assertThat(ids(index.takeDue(5_000, 2))).containsExactly("b3", "c");
        assertThat(ids(index.takeDue(5_000, 2))).isEmpty();
        assertThat(ids(index.takeDue(9_000, 2))).containsExactly("not-due");
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void deletedEntriesAreNotTaken() {
        DeadlineIndex index = new DeadlineIndex(store);
        index.put(1_000, "a");
        index.delete(1_000, "a");
        assertThat(index.takeDue(2_000)).isEmpty();
    }

    private static List<String> ids(List<KeyValue<Bytes, String>> entries) {
        return entries.stream().map(entry -> entry.value).toList();
    }
}
