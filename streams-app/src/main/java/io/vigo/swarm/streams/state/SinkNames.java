package io.vigo.swarm.streams.state;

/**
 * The topology's sinks, by the processor that forwards to them. The processors name a sink when
 * they forward and {@code SwarmTopology} wires it to its topic, so both read the name from here.
 */
public final class SinkNames {

    /** Envoy side → manifest side: a host started or stopped being an effective seeder of a sha. */
    public static final String SEEDER_CHANGES = "seeder-changes-sink";
    /** Envoy side → {@code envoy-status}: an envoy went online or offline. */
    public static final String ENVOY_STATUS = "envoy-status-sink";
    /** Envoy side → task side: an envoy's state of one task changed. */
    public static final String TASK_UPDATES = "task-updates-sink";
    /** Envoy side → {@code task-marks}: the ETag of an envoy's pending tasks changed (null: none pending). */
    public static final String TASK_MARKS = "task-marks-sink";
    /** Manifest side → envoy side: the entry a host seeds is active, revoked or gone. */
    public static final String ENTRY_STATES = "entry-states-sink";

    private SinkNames() {
    }
}
