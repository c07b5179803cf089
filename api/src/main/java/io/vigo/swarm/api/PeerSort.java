package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The orders a `swarm peers` page can be read in: footprint or blobs descending, or hostname
 * ascending. In JSON and on screens, the lower-case name.
 */
public enum PeerSort {
    FOOTPRINT, BLOBS, HOSTNAME;

    /** The sort a user typed, in any case; one line naming the choices when it is none. */
    public static PeerSort parse(String text) {
        for (PeerSort sort : values()) {
            if (sort.name().equalsIgnoreCase(text)) {
                return sort;
            }
        }
        throw new IllegalArgumentException("unknown sort key \"" + text + "\"; use footprint, blobs or hostname");
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
