package io.vigo.swarm.streams.state;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process together: one block cache
 * shared by all stores, which also holds their index and filter blocks and is charged for their
 * memtables (through a write-buffer manager). Without it each of the ~100 store instances (stores
 * x partitions, standbys included) sizes its own cache and memtables, and the resident size grows
 * with the partition count rather than with the data.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Block cache for all stores, memtables included. */
    static final long TOTAL_OFF_HEAP_BYTES = 96L * 1024 * 1024;
    /**
     * Of that, what memtables may take before they are flushed. Once the memtables being written
     * pass 7/8 of this, every store written flushes its own memtable, however small, while the
     * stores not written keep theirs: at 16 MB for the ~80 store instances the stores flushed
     * thousands of tiny files each and RocksDB.put took a third of the stream thread (ingest at
     * 20,000 envoys 9.4 k/s; 17.3 k/s at 48 MB, BENCHMARKS.md). With 8 MB memtables history's
     * stores took the total there again in a catch-up at 100,000 envoys: 4,582 flushes of about
     * 100 KB in one minute, and writes stopped 3,291 times for a memtable queued behind them.
     * Hence memtables sized from the partition count ({@link #memtableBytes}).
     */
    static final long WRITE_BUFFER_BYTES = 48L * 1024 * 1024;
    /**
     * Streams config: the partition count of the app's topics. A store's memtable is sized from it
     * ({@link #memtableBytes}) so that the memtables of every store instance together stay well
     * under the write-buffer manager's budget.
     */
    public static final String PARTITIONS_CONFIG = "vigo.rocksdb.partitions";
    /** Memtable size per store when the partition count is not given. */
    static final long MEMTABLE_BYTES = 8L * 1024 * 1024;
    /** The smallest memtable a store gets however many partitions there are. */
    static final long MIN_MEMTABLE_BYTES = 256L * 1024;
    /**
     * Memtables of one store that may exist at once: the one written and two waiting for the
     * flush thread, which all the stores of the process share (RocksDB's default of two stopped
     * a store's writes whenever its previous memtable was still queued behind other stores').
     */
    static final int MEMTABLES_PER_STORE = 3;

    /** Memtable allocation unit: small, so idle stores cost little of the budget. */
    static final long ARENA_BLOCK_BYTES = 64L * 1024;

    /**
     * Streams config: the stores whose keys keep moving (an index rewritten by a delete and a put
     * whenever what it sorts by changes), comma-separated. A deleted key stays in the memtable as
     * a tombstone beside the put it hides until the memtable is flushed, and a range scan steps
     * over both: in an 8 MB memtable that a small fleet never fills, the peer order index held
     * 4,500 deletes among 9,000 entries per partition at 5,000 envoys, and a {@code swarm peers}
     * page stepped over those in its range (idle p50 4.7–12.8 ms; 1.4 ms with this). These
     * stores get a small memtable, so a flush drops the hidden puts often, and compaction (which
     * drops the tombstones at the last level) starts at two level-0 files.
     */
    public static final String CHURNING_STORES_CONFIG = "vigo.rocksdb.churning.stores";
    static final long CHURNING_MEMTABLE_BYTES = 512L * 1024;

    private static final Cache CACHE;
    private static final WriteBufferManager WRITE_BUFFERS;

    static {
        org.rocksdb.RocksDB.loadLibrary();
        CACHE = new LRUCache(TOTAL_OFF_HEAP_BYTES, -1, false, 0.1);
        WRITE_BUFFERS = new WriteBufferManager(WRITE_BUFFER_BYTES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(memtableBytes(configs));
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
        // Every memtable holds at least one arena block (by default an eighth of the write buffer)
        // and the write-buffer manager counts it: ~200 memtables (stores x partitions, with their
        // offsets column family) at 1 MB each are over any sensible budget, so every write flushed.
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
        if (churning(configs).contains(storeName)) {
            options.setWriteBufferSize(Math.min(CHURNING_MEMTABLE_BYTES, memtableBytes(configs)));
            options.setLevel0FileNumCompactionTrigger(2);
        }
    }

    /**
     * A store's memtable: the write-buffer budget's share per partition, divided by 8 (a partition
     * has ~16 store instances, a few of them written hard), between {@link #MIN_MEMTABLE_BYTES}
     * and {@link #MEMTABLE_BYTES}. Measured with 6 partitions (1 MB each): the memtables of a
     * catch-up at 100,000 envoys with history held about 25 MB together when it ended, the
     * budget's flush trigger is at 42 MB, and no write waited for a flush. With 12, 512 KB.
     */
    static long memtableBytes(Map<String, Object> configs) {
        Object partitions = configs.get(PARTITIONS_CONFIG);
        if (partitions == null) {
            return MEMTABLE_BYTES;
        }
        long share = WRITE_BUFFER_BYTES / (8L * Math.max(1, Integer.parseInt(partitions.toString())));
        return Math.max(MIN_MEMTABLE_BYTES, Math.min(MEMTABLE_BYTES, share));
    }

    private static List<String> churning(Map<String, Object> configs) {
        Object stores = configs.get(CHURNING_STORES_CONFIG);
        return stores == null ? List.of() : List.of(stores.toString().split(","));
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager are shared by every store of the process: never closed here.
    }
}
