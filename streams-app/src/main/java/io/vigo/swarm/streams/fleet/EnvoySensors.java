package io.vigo.swarm.streams.fleet;

import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The envoy side's Kafka Streams sensors for one partition (tag {@code vigo-id=partition-N}),
 * exported with the app's other metrics; removed when the task closes.
 */
final class EnvoySensors {

    static final String SCOPE = "vigo";

    private final StreamsMetrics metrics;
    final Sensor sweepLatency;
    final Sensor offlineDetectionDelay;
    final Sensor statusTransitions;
    final Sensor staleEvents;

    EnvoySensors(ProcessorContext<?, ?> context) {
        this.metrics = context.metrics();
        String entity = "partition-" + context.taskId().partition();
        sweepLatency = metrics.addLatencyRateTotalSensor(SCOPE, entity, "offline-sweep", Sensor.RecordingLevel.INFO);
        offlineDetectionDelay = metrics.addLatencyRateTotalSensor(SCOPE, entity, "offline-detection", Sensor.RecordingLevel.INFO);
        statusTransitions = metrics.addRateTotalSensor(SCOPE, entity, "status-transitions", Sensor.RecordingLevel.INFO);
        staleEvents = metrics.addRateTotalSensor(SCOPE, entity, "stale-events", Sensor.RecordingLevel.INFO);
    }

    void close() {
        List.of(sweepLatency, offlineDetectionDelay, statusTransitions, staleEvents).forEach(metrics::removeSensor);
    }
}
