package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One envoy's state of a task: pending until it reports done or failed, expired when its TTL ran
 * out first, cancelled when the envoy was decommissioned. In JSON and on screens, the lower-case
 * name.
 */
public enum TaskState {
    PENDING, DONE, FAILED, EXPIRED, CANCELLED;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
