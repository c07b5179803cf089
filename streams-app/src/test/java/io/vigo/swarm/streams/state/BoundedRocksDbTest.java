package io.vigo.swarm.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbTest {

    private static Options configured(String store, Map<String, Object> configs) {
        Options options = new Options().setTableFormatConfig(new BlockBasedTableConfig());
        new BoundedRocksDb().setConfig(store, options, configs);
        return options;
    }

    @Test
    void aChurningStoreGetsASmallMemtableAndCompactsAtTwoFiles() {
        Map<String, Object> configs = Map.of(BoundedRocksDb.CHURNING_STORES_CONFIG, "peer-order,other-index");

        try (Options index = configured("peer-order", configs); Options fleet = configured("fleet-index", configs);
                Options defaults = new Options()) {
            assertThat(index.writeBufferSize()).isEqualTo(BoundedRocksDb.CHURNING_MEMTABLE_BYTES);
            assertThat(index.level0FileNumCompactionTrigger()).isEqualTo(2);
            assertThat(fleet.writeBufferSize()).isEqualTo(BoundedRocksDb.MEMTABLE_BYTES);
            assertThat(fleet.level0FileNumCompactionTrigger()).isEqualTo(defaults.level0FileNumCompactionTrigger());
        }
    }

    @Test
    void withoutTheSettingEveryStoreGetsTheSameMemtable() {
        try (Options index = configured("peer-order", Map.of())) {
            assertThat(index.writeBufferSize()).isEqualTo(BoundedRocksDb.MEMTABLE_BYTES);
        }
    }

    @Test
    void memtablesShrinkWithThePartitionCountSoThatAllOfThemStayUnderTheBudget() {
        try (Options six = configured("fleet-index", Map.of(BoundedRocksDb.PARTITIONS_CONFIG, 6));
                Options twelve = configured("fleet-index", Map.of(BoundedRocksDb.PARTITIONS_CONFIG, "12"));
                Options one = configured("fleet-index", Map.of(BoundedRocksDb.PARTITIONS_CONFIG, 1));
                Options many = configured("fleet-index", Map.of(BoundedRocksDb.PARTITIONS_CONFIG, 1000));
                Options churningAtMany = configured("peer-order", Map.of(BoundedRocksDb.PARTITIONS_CONFIG, 1000,
                        BoundedRocksDb.CHURNING_STORES_CONFIG, "peer-order"))) {
            assertThat(six.writeBufferSize()).isEqualTo(1024 * 1024);
            assertThat(twelve.writeBufferSize()).isEqualTo(512 * 1024);
            assertThat(one.writeBufferSize()).isEqualTo(6 * 1024 * 1024);
            assertThat(many.writeBufferSize()).isEqualTo(BoundedRocksDb.MIN_MEMTABLE_BYTES);
            assertThat(churningAtMany.writeBufferSize()).isEqualTo(BoundedRocksDb.MIN_MEMTABLE_BYTES);
        }
    }

    @Test
    void aStoreMayHaveTwoMemtablesWaitingForTheSharedFlushThread() {
        try (Options store = configured("peer-records", Map.of())) {
            assertThat(store.maxWriteBufferNumber()).isEqualTo(3);
        }
    }
}
