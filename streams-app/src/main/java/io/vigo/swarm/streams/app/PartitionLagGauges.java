package io.vigo.swarm.streams.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Set;

/**
 * {@code vigo_ingest_partition_lag_records{topic, partition}}: the input records this instance has
 * yet to process, per input partition it owns (what {@link IngestMonitor} samples). The gauges are
 * registered again only when the partitions this instance owns change; each reads the newest sample.
 */
final class PartitionLagGauges {

    private final IngestMonitor ingest;
    private final MultiGauge gauges;
    private Set<String> registered = Set.of();

    PartitionLagGauges(IngestMonitor ingest, MeterRegistry metrics) {
        this.ingest = ingest;
        this.gauges = MultiGauge.builder("vigo_ingest_partition_lag_records")
                .description("input records not yet processed, per input partition of this instance").register(metrics);
    }

    /** Called after every sample: follows the partitions that came and went. */
    void update() {
        Set<String> partitions = ingest.lagByPartition().keySet();
        if (partitions.equals(registered)) {
            return;
        }
        List<MultiGauge.Row<?>> rows = partitions.stream().sorted().map(topicPartition -> {
            int dash = topicPartition.lastIndexOf('-');
            Tags tags = Tags.of("topic", topicPartition.substring(0, dash), "partition", topicPartition.substring(dash + 1));
            return MultiGauge.Row.of(tags, ingest, monitor -> monitor.lagOf(topicPartition));
        }).<MultiGauge.Row<?>>map(row -> row).toList();
        gauges.register(rows, true);
        registered = partitions;
    }
}
