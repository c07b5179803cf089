package io.vigo.swarm.streams.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Exports the topology's own Kafka Streams sensors (group {@code stream-vigo-metrics}, one entity
 * per partition) as fleet-wide Prometheus meters, summed or maxed over this instance's partitions.
 * They are registered per task as tasks come and go, so they are read at scrape time.
 */
final class ProcessorSensors {

    private static final String GROUP = "stream-vigo-metrics";

    private ProcessorSensors() {
    }

    static void register(KafkaStreams streams, MeterRegistry registry) {
        FunctionCounter.builder("vigo_status_transitions", streams, s -> sum(s, "status-transitions-total"))
                .description("online/offline transitions decided").register(registry);
        FunctionCounter.builder("vigo_stale_events", streams, s -> sum(s, "stale-events-total"))
                .description("events ignored because the view held a newer (epoch, sequence)").register(registry);
        FunctionCounter.builder("vigo_offline_sweeps", streams, s -> sum(s, "offline-sweep-total"))
                .description("offline punctuator runs").register(registry);
        Gauge.builder("vigo_offline_sweep_latency_max_seconds", streams, s -> max(s, "offline-sweep-latency-max") / 1e9)
                .description("slowest offline punctuator run in the metrics window").register(registry);
        Gauge.builder("vigo_offline_detection_delay_max_seconds", streams, s -> max(s, "offline-detection-latency-max") / 1e9)
                .description("longest delay past an envoy's deadline before it was shown offline").register(registry);
    }

    private static double sum(KafkaStreams streams, String name) {
        return values(streams, name).sum();
    }

    private static double max(KafkaStreams streams, String name) {
        return values(streams, name).max().orElse(0);
    }

    private static java.util.stream.DoubleStream values(KafkaStreams streams, String name) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(GROUP) && e.getKey().name().equals(name))
                .map(java.util.Map.Entry::getValue)
                .map(Metric::metricValue)
                .filter(Number.class::isInstance)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .filter(v -> !Double.isNaN(v));
    }

}
