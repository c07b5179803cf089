package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.api.PeerSort;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.streams.state.EnvoyState;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The peer order index is derived state: a rebuild makes it match FleetIndex, whatever a stale copy on disk held. */
class PeerOrderTest {

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    private <V> KeyValueStore<Bytes, V> bytesStore(String name, org.apache.kafka.common.serialization.Serde<V> values) {
        KeyValueStore<Bytes, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), values)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private KeyValueStore<String, EnvoyState> fleet() {
        KeyValueStore<String, EnvoyState> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("fleet"), Serdes.String(),
                io.vigo.swarm.streams.state.InternalSerde.of(EnvoyState.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static EnvoyState envoy(String host, long footprint, int cached, boolean online, boolean swarmEnabled) {
        return EnvoyState.newBuilder().setHostname(host).setLastSeenMs(1).setIntervalMs(15_000).setSwarmEnabled(swarmEnabled)
                .setOnline(online).setFootprintBytes(footprint).setCached(cached).build();
    }

    @Test
    void aRebuildDropsStaleKeysAndIndexesExactlyThePopulation() {
        KeyValueStore<String, EnvoyState> fleet = fleet();
        KeyValueStore<Bytes, String> index = bytesStore("peer-order", Serdes.String());
        EnvoyState big = envoy("big", 900, 9, true, true);
        EnvoyState small = envoy("small", 100, 1, false, true);
        EnvoyState disabled = envoy("disabled", 500, 5, true, false);
        fleet.put("big", big);
        fleet.put("small", small);
        fleet.put("disabled", disabled);
        // A copy left by an earlier owner: "big" at an old footprint, and an envoy since gone.
        PeerOrder.update(index, null, envoy("big", 10, 1, true, true));
        PeerOrder.update(index, null, envoy("gone", 700, 7, true, true));

        PeerOrder.rebuild(index, fleet);

        assertThat(PeerOrder.first(index, PeerSort.FOOTPRINT, 0)).containsExactly("big", "small");
        assertThat(PeerOrder.first(index, PeerSort.BLOBS, 0)).containsExactly("big", "small");
        assertThat(PeerOrder.first(index, PeerSort.HOSTNAME, 0)).containsExactly("big", "small");
        assertThat(index.approximateNumEntries()).isEqualTo(6);
        assertThat(List.of(PeerOrder.key(PeerSort.FOOTPRINT, big), PeerOrder.key(PeerSort.FOOTPRINT, small)))
                .allSatisfy(key -> assertThat(index.get(key)).isNotNull());
    }
}
