package io.vigo.swarm.api;

import java.util.List;

/**
 * The ETag of an answer that is a list of identities (an envoy's pending task ids, the revoked
 * shas), in the order the answer lists them. The streams app answers with it, and writes the one of
 * each envoy's pending tasks to {@code task-marks}, from which a gateway answers an unchanged poll
 * itself: both sides must compute it the same way, so it is defined once, here.
 */
public final class Etags {

    /** The ETag of an empty list: an envoy with nothing pending. */
    public static final String EMPTY = of(List.of());

    private Etags() {
    }

    public static String of(List<String> identities) {
        return "\"" + Integer.toHexString(identities.hashCode()) + "-" + identities.size() + "\"";
    }
}
