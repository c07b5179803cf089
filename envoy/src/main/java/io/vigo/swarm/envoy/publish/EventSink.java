package io.vigo.swarm.envoy.publish;

import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;

/**
 * Where envoy-side events go: the gateway for a real agent ({@code GatewaySink}), Kafka for the
 * trusted fleet simulator ({@link EnvoyPublisher}), a list in tests.
 */
public interface EventSink {

    /** Sends an event keyed by {@code key} (a hostname, or a sha / setting for admin events) to its topic; completes when acknowledged. */
    Future<?> send(String key, SpecificRecord event);

    /** Delivers everything sent so far and waits for the acknowledgements (or the failure, which the futures then carry). */
    void flush();
}
