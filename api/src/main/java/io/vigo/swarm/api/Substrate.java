package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether an envoy takes part in the substrate: peer records, or seeding an active entry
 * (active), or neither (idle). In JSON and on screens, the lower-case name.
 */
public enum Substrate {
    ACTIVE, IDLE;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
