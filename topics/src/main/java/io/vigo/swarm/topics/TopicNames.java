package io.vigo.swarm.topics;

/**
 * Physical topic names, defined once: every producer, consumer and the topology ask here.
 * The prefix comes from the catalogue, or from configuration for a shared cluster.
 */
public record TopicNames(String prefix) {

    public static final TopicNames DEFAULT = new TopicNames("vigo.");

    public String checkins() {
        return prefix + "checkins";
    }

    public String envoyReports() {
        return prefix + "envoy-reports";
    }

    public String operator() {
        return prefix + "operator";
    }

    public String manifestAdmin() {
        return prefix + "manifest-admin";
    }

    public String config() {
        return prefix + "config";
    }

    /** Each envoy's key state, written by the gateways (enrolled) and the operator's writes (reset); compacted. */
    public String envoyKeys() {
        return prefix + "envoy-keys";
    }

    public String deadLetter() {
        return prefix + "deadletter";
    }

    public String envoyStatus() {
        return prefix + "envoy-status";
    }

    /**
     * The ETag of each envoy's pending tasks, written by the streams app whenever they change (none
     * pending: a tombstone); compacted. Every gateway follows it and answers an unchanged poll itself.
     */
    public String taskMarks() {
        return prefix + "task-marks";
    }

    public String seederChanges() {
        return prefix + "seeder-changes";
    }

    public String entryStates() {
        return prefix + "entry-states";
    }

    public String tasks() {
        return prefix + "tasks";
    }

    public String taskUpdates() {
        return prefix + "task-updates";
    }

    public String allowlistBroadcast() {
        return prefix + "allowlist-broadcast";
    }

    /** The key of the single record of the {@code config} topic that holds the seeding allowlist. */
    public static final String ALLOWLIST_SETTING = "seeding-allowlist";
}
