package io.vigo.swarm.envoy.publish;

import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;

/** Where envoy-side events go: Kafka in production ({@link EnvoyPublisher}), a list in simulator tests. */
public interface EventSink {

    /** Sends an event keyed by {@code key} (a hostname, or a sha / setting for admin events) to its topic; completes when acknowledged. */
    Future<?> send(String key, SpecificRecord event);

    /** Blocks until everything sent so far is acknowledged. */
    void flush();
}
