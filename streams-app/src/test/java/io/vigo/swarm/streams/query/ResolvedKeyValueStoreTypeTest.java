package io.vigo.swarm.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.StateStoreProvider;
import org.junit.jupiter.api.Test;

class ResolvedKeyValueStoreTypeTest {

    /** Hands out its stores and counts how often it is asked, where Kafka Streams' provider walks its tasks. */
    private static final class CountingProvider implements StateStoreProvider {
        private final List<Object> stores;
        final AtomicInteger lookups = new AtomicInteger();

        CountingProvider(Object... stores) {
            this.stores = List.of(stores);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> List<T> stores(String storeName, QueryableStoreType<T> type) {
            lookups.incrementAndGet();
            List<T> matching = new ArrayList<>();
            stores.forEach(store -> matching.add((T) store));
            return matching;
        }
    }

    private static Bytes key(String text) {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyValueStore<Bytes, byte[]> partitionHolding(int envoys) {
        KeyValueStore<Bytes, byte[]> store = Stores.inMemoryKeyValueStore("fleet-index").get();
        for (int i = 0; i < envoys; i++) {
            store.put(key("host" + i), ("state of host" + i).getBytes(StandardCharsets.UTF_8));
        }
        return store;
    }

    @Test
    void theStoreIsLookedUpOnceWhenAskedForAndThenReadDirectly() {
        CountingProvider provider = new CountingProvider(partitionHolding(300));

        ReadOnlyKeyValueStore<Bytes, byte[]> store = new ResolvedKeyValueStoreType<Bytes, byte[]>().create(provider, "fleet-index");
        for (int i = 0; i < 300; i++) {
            assertThat(new String(store.get(key("host" + i)), StandardCharsets.UTF_8)).isEqualTo("state of host" + i);
        }

        assertThat(provider.lookups).hasValue(1);
    }

    @Test
    void aPartitionThatIsNotHereIsRefusedAsKafkaStreamsRefusesIt() {
        assertThatThrownBy(() -> new ResolvedKeyValueStoreType<Bytes, byte[]>().create(new CountingProvider(), "fleet-index"))
                .isInstanceOf(InvalidStateStoreException.class);
    }

    @Test
    void whatItReturnsCanOnlyRead() {
        KeyValueStore<Bytes, byte[]> writable = partitionHolding(1);

        ReadOnlyKeyValueStore<Bytes, byte[]> store = new ResolvedKeyValueStoreType<Bytes, byte[]>().create(new CountingProvider(writable), "fleet-index");

        assertThat(store).isNotInstanceOf(KeyValueStore.class);
        assertThat(store.approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void timestampedStoresAreLeftToKafkaStreamsOwnType() {
        ResolvedKeyValueStoreType<Bytes, byte[]> type = new ResolvedKeyValueStoreType<>();

        assertThat(type.accepts(partitionHolding(0))).isTrue();
        assertThat(type.accepts(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore("t"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().withCachingDisabled().build())).isFalse();
    }
}
