package io.vigo.swarm.streams.state;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Kafka Streams' persistent RocksDB key-value stores, minus one cost. On every changelog write the
 * logging layer asks the store beneath it for its IQv2 position, and RocksDBStore answers with a
 * fresh copy (two nested maps, merged with its uncommitted deltas), which the logging layer then
 * uses only when the consistency vector is enabled; it is not here. At 100,000 envoys those copies
 * were about a third of the streams app's Java samples (BENCHMARKS.md). These stores report an
 * empty position instead. Nothing of this application reads a store's position: the views are
 * read through interactive queries by partition, and whether a moved partition has caught up is
 * judged from the group's committed offsets ({@code InputCatchUp}).
 *
 * <p>And one more: {@link KeyValueStore#delete} returns the value it removed, so RocksDBStore
 * reads the key before it deletes it, a RocksDB get for nothing when the caller does not look.
 * No caller here does (a peer record evicted, a peer-order key moved, a deadline taken, history
 * folded), so these stores delete without the read and always return null. In a long catch-up at
 * 100,000 envoys those reads were 5.5 % of the stream thread (BENCHMARKS.md, "The rebuild rate on a
 * long backlog").
 * Everything else is RocksDBStore's own, restoration and offset management included.
 */
public final class RocksDbStores {

    private RocksDbStores() {
    }

    /** {@link Stores#persistentKeyValueStore}, reporting an empty position. */
    public static KeyValueBytesStoreSupplier persistent(String name) {
        KeyValueBytesStoreSupplier rocks = Stores.persistentKeyValueStore(name);
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return rocks.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new PositionUnreported(rocks.get());
            }

            @Override
            public String metricsScope() {
                return rocks.metricsScope();
            }
        };
    }

    /** Delegates every call, the ones with default implementations included, except the position. */
    private static final class PositionUnreported implements KeyValueStore<Bytes, byte[]> {

        private final KeyValueStore<Bytes, byte[]> rocks;

        PositionUnreported(KeyValueStore<Bytes, byte[]> rocks) {
            this.rocks = rocks;
        }

        @Override
        public Position getPosition() {
            return Position.emptyPosition();
        }

        @Override
        public String name() {
            return rocks.name();
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            rocks.init(context, root);
        }

        @Override
        public void flush() {
            rocks.flush();
        }

        @Override
        public void commit(Map<TopicPartition, Long> changelogOffsets) {
            rocks.commit(changelogOffsets);
        }

        @Override
        public Long committedOffset(TopicPartition partition) {
            return rocks.committedOffset(partition);
        }

        @Override
        public boolean managesOffsets() {
            return rocks.managesOffsets();
        }

        @Override
        public long approximateNumUncommittedBytes() {
            return rocks.approximateNumUncommittedBytes();
        }

        @Override
        public void close() {
            rocks.close();
        }

        @Override
        public boolean persistent() {
            return rocks.persistent();
        }

        @Override
        public boolean isOpen() {
            return rocks.isOpen();
        }

        @Override
        public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
            return rocks.query(query, bound, config);
        }

        @Override
        public void put(Bytes key, byte[] value) {
            rocks.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            return rocks.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            rocks.putAll(entries);
        }

        /** Deletes without reading the key first (RocksDBStore's put of null is RocksDB's delete); returns null, not the old value. */
        @Override
        public byte[] delete(Bytes key) {
            rocks.put(key, null);
            return null;
        }

        @Override
        public byte[] get(Bytes key) {
            return rocks.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return rocks.range(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
            return rocks.reverseRange(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return rocks.all();
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> reverseAll() {
            return rocks.reverseAll();
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
            return rocks.prefixScan(prefix, prefixKeySerializer);
        }

        @Override
        public long approximateNumEntries() {
            return rocks.approximateNumEntries();
        }

        @Override
        public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
            return rocks.readOnly(isolationLevel);
        }
    }
}
