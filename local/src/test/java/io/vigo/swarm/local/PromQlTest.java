package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsAndNotTheFunctionsLabelsOrRanges() {
        assertThat(PromQl.metricNames("sum by (endpoint) (rate(vigo_query_latency_seconds_sum[5m])) "
                + "/ sum by (endpoint) (rate(vigo_query_latency_seconds_count[5m]))"))
                .containsExactly("vigo_query_latency_seconds_sum", "vigo_query_latency_seconds_count");
        assertThat(PromQl.metricNames("max by (topic, partition) (vigo_ingest_partition_lag_records{job=\"vigo-streams\", topic=~\"vigo.*\"})"))
                .containsExactly("vigo_ingest_partition_lag_records");
        assertThat(PromQl.metricNames("sum(vigo_envoys_online) / 1e3 > bool 0.5 and on(instance) up"))
                .containsExactly("vigo_envoys_online", "up");
    }
}
