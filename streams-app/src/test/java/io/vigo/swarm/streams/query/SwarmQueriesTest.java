package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.PeerSort;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.streams.fleet.PeerOrder;
import io.vigo.swarm.streams.topology.SwarmDriver;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

class SwarmQueriesTest {

    /** The driver's stores as partition 0 of a one-partition app, counting every read and every entry iterated. */
    private static final class CountingStores implements LocalStores {
        final AtomicLong reads = new AtomicLong();
        private final SwarmDriver swarm;

        CountingStores(SwarmDriver swarm) {
            this.swarm = swarm;
        }

        @Override
        public int partitions() {
            return 1;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K, V> ReadOnlyKeyValueStore<K, V> partition(String storeName, int partition) {
            ReadOnlyKeyValueStore<K, V> store = swarm.store(storeName);
            return (ReadOnlyKeyValueStore<K, V>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ReadOnlyKeyValueStore.class}, (proxy, method, args) -> {
                        reads.incrementAndGet();
                        Object result = method.invoke(store, args);
                        return result instanceof KeyValueIterator<?, ?> it ? counting(it) : result;
                    });
        }

        private KeyValueIterator<?, ?> counting(KeyValueIterator<?, ?> it) {
            return (KeyValueIterator<?, ?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {KeyValueIterator.class}, (proxy, method, args) -> {
                        if (method.getName().equals("next")) {
                            reads.incrementAndGet();
                        }
                        return method.invoke(it, args);
                    });
        }

        @Override
        public int partitionOf(String storeName, String key) {
            return 0;
        }
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-23T18:24:11Z"), ZoneOffset.UTC);

    @Test
    void statusReadsTheSameNumberOfStoreEntriesForTenAndTenThousandEnvoys() {
        long small = storeReadsForOneStatus(10);
        long large = storeReadsForOneStatus(10_000);
        assertThat(small).isPositive();
        assertThat(large).isEqualTo(small);
    }

    private static long storeReadsForOneStatus(int envoys) {
        try (SwarmDriver swarm = new SwarmDriver()) {
            swarm.allowlist("vigoserver", "*.ci.example.com");
            for (int i = 0; i < envoys; i++) {
                swarm.checkIn("host" + i);
                swarm.cached("host" + i, SwarmDriver.sha(i), 1000);
            }
            CountingStores stores = new CountingStores(swarm);
            SwarmStatus status = new SwarmQueries(stores, () -> 0, () -> 0, CLOCK).status();
            assertThat(status.envoysTotal()).isEqualTo(envoys);
            assertThat(status.fleetFootprintBytes()).isEqualTo(1000L * envoys);
            return stores.reads.get();
        }
    }

    @Test
    void aPeersPageReadsTheSameNumberOfStoreEntriesForAHundredAndTenThousandEnvoys() {
        long small = storeReadsForOnePeersPage(100);
        long large = storeReadsForOnePeersPage(10_000);
        assertThat(small).isPositive();
        assertThat(large).isEqualTo(small);
    }

    private static long storeReadsForOnePeersPage(int envoys) {
        try (SwarmDriver swarm = new SwarmDriver()) {
            for (int i = 0; i < envoys; i++) {
                swarm.checkIn("host" + i);
                swarm.cached("host" + i, SwarmDriver.sha(i), 1000L * (i % 97));
            }
            CountingStores stores = new CountingStores(swarm);
            PeersPage page = new SwarmQueries(stores, () -> 0, () -> 0, CLOCK).peers(PeerSort.FOOTPRINT, 50);
            assertThat(page.total()).isEqualTo(envoys);
            assertThat(page.rows()).hasSize(50);
            assertThat(page.rows().get(0).footprintBytes()).isEqualTo(96_000L);
            assertThat(page.rows()).isSortedAccordingTo(PeersView.order(PeerSort.FOOTPRINT));
            return stores.reads.get();
        }
    }

    @Test
    void peersAreOrderedByFootprintThenOnlineFirstThenHostname() {
        List<PeerRow> rows = List.of(row("b", "offline", 0), row("a", "offline", 0), row("c", "online", 0), row("d", "online", 5));
        assertThat(rows.stream().sorted(PeersView.order(PeerSort.FOOTPRINT)).map(PeerRow::hostname))
                .containsExactly("d", "c", "a", "b");
        assertThat(rows.stream().sorted(PeersView.order(PeerSort.HOSTNAME)).map(PeerRow::hostname))
                .containsExactly("a", "b", "c", "d");
    }

    private static PeerRow row(String host, String status, long footprint) {
        return new PeerRow(host, io.vigo.swarm.api.EnvoyStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT)),
                io.vigo.swarm.api.Substrate.IDLE, 0, 0, 0, footprint, null, "#f9e2af", false);
    }
}
