package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The state of a manifest entry, and of the entry a host seeds: pending (announced, not yet
 * published), active, revoked, or gone (purged). In JSON and on screens, the lower-case name.
 */
public enum EntryState {
    PENDING, ACTIVE, REVOKED, GONE;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
