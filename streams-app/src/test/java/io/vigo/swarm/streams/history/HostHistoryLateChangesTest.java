package io.vigo.swarm.streams.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.streams.state.EnvoyState;
import java.time.Duration;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Late changes reach the later moments whatever this instance remembers of a host's newest moment:
 * a processor that starts on a store written before it (a restart, a moved task) knows nothing, and
 * one that wrote the host's moments itself knows them without reading.
 */
class HostHistoryLateChangesTest {

    private static final String HOST = "a.example";

    private final KeyValueStore<Bytes, StoredMoment> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("envoy-history"), Serdes.Bytes(), StoredMoment.SERDE).withLoggingDisabled().build();

    HostHistoryLateChangesTest() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void lateChangesAfterARestartStillReachTheNewerMoments() {
        HostHistory before = new HostHistory(store, Duration.ofDays(7));
        write(before, 100, null, envoy(1, 100));
        write(before, 300, envoy(1, 100), envoy(2, 300));

        HostHistory restarted = new HostHistory(store, Duration.ofDays(7)); // knows nothing of the host
        write(restarted, 200, envoy(2, 300), envoy(3, 300)); // a report stamped 200, processed after the moment at 300
        write(restarted, 250, envoy(3, 300), envoy(4, 300)); // and another: still behind the moment at 300

        assertThat(HostHistory.envoyAsOf(store, HOST, 100).getCached()).isEqualTo(1);
        assertThat(HostHistory.envoyAsOf(store, HOST, 200).getCached()).isEqualTo(2);
        assertThat(HostHistory.envoyAsOf(store, HOST, 250).getCached()).isEqualTo(3);
        assertThat(HostHistory.envoyAsOf(store, HOST, 300).getCached()).as("both late changes reach the moment at 300").isEqualTo(4);
    }

    @Test
    void changesInOrderThenALateOneFromTheSameInstance() {
        HostHistory history = new HostHistory(store, Duration.ofDays(7));
        write(history, 100, null, envoy(1, 100));
        write(history, 300, envoy(1, 100), envoy(2, 300));
        write(history, 200, envoy(2, 300), envoy(3, 300));
        write(history, 400, envoy(3, 300), envoy(4, 400));

        assertThat(HostHistory.envoyAsOf(store, HOST, 200).getCached()).isEqualTo(2);
        assertThat(HostHistory.envoyAsOf(store, HOST, 300).getCached()).isEqualTo(3);
        assertThat(HostHistory.envoyAsOf(store, HOST, 400).getCached()).isEqualTo(4);
    }

    private static void write(HostHistory history, long atMs, EnvoyState before, EnvoyState after) {
        history.envoyChanged(HOST, atMs, before, after);
        history.flush();
    }

    /** The envoy holding {@code cached} blobs, last seen at {@code lastSeenMs}. */
    private static EnvoyState envoy(int cached, long lastSeenMs) {
        return EnvoyState.newBuilder().setHostname(HOST).setKnown(true).setOnline(true).setLastSeenMs(lastSeenMs)
                .setIntervalMs(15_000).setAgentVersion("0.34.1").setSwarmEnabled(true).setClockSkewMs(0)
                .setCheckInEpoch(1).setCheckInSequence(1).setDeadlineMs(lastSeenMs + 37_500).setTags(new TreeMap<>())
                .setCached(cached).build();
    }
}
