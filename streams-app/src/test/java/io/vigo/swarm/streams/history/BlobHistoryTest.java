package io.vigo.swarm.streams.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.streams.state.BlobChange;
import io.vigo.swarm.streams.state.InternalSerde;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A blob's counts per moment: changes at one moment add up, whatever the processor still remembers of the blob. */
class BlobHistoryTest {

    private static final String SHA = "a".repeat(64);

    private final KeyValueStore<Bytes, BlobChange> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("blob-history"), Serdes.Bytes(), InternalSerde.of(BlobChange.class)).withLoggingDisabled().build();

    BlobHistoryTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void changesAtTheSameMomentAddUpAndLaterOnesAreTheirOwn() {
        BlobHistory history = new BlobHistory(store, Duration.ofDays(7));
        history.add(SHA, 1_000, 1, 0);
        history.add(SHA, 1_000, 1, 1);
        history.add(SHA, 2_000, -1, 0);

        assertThat(BlobHistory.read(store, SHA, Long.MAX_VALUE))
                .containsExactly(new BlobHistory.Change(1_000, 2, 1), new BlobHistory.Change(2_000, -1, 0));
    }

    @Test
    void aBlobForgottenAmongManyOthersIsReadAgainNotOverwritten() {
        BlobHistory history = new BlobHistory(store, Duration.ofDays(7));
        history.add(SHA, 5_000, 1, 0);
        for (int i = 0; i < 20_000; i++) { // more blobs than the memo keeps
            history.add(String.format("%064x", i + 1), 6_000, 1, 0);
        }
        history.add(SHA, 5_000, 1, 0); // a second envoy's change at the same moment, after the memo let the blob go

        assertThat(BlobHistory.read(store, SHA, Long.MAX_VALUE)).containsExactly(new BlobHistory.Change(5_000, 2, 0));
    }

    @Test
    void changesOlderThanTheHorizonAreFoldedIntoMomentZero() {
        BlobHistory history = new BlobHistory(store, Duration.ofHours(1));
        long hour = Duration.ofHours(1).toMillis();
        history.add(SHA, 10_000, 1, 0);
        history.add(SHA, 20_000, 1, 0);
        history.add(SHA, 10_000 + 3 * hour, 1, 0); // more than an hour after the last fold: the two old changes fold

        List<BlobHistory.Change> changes = BlobHistory.read(store, SHA, Long.MAX_VALUE);
        assertThat(changes).containsExactly(new BlobHistory.Change(0, 2, 0), new BlobHistory.Change(10_000 + 3 * hour, 1, 0));
    }
}
