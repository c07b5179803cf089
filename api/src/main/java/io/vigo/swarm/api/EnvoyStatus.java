package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether an envoy is online: it checked in within two and a half of its intervals. In JSON and
 * on screens, the lower-case name.
 */
public enum EnvoyStatus {
    ONLINE, OFFLINE;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
