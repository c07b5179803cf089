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
}
