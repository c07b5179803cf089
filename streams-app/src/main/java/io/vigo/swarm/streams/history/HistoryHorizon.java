package io.vigo.swarm.streams.history;

import java.time.Duration;

/** How far back history reaches, and how often what is older is pruned. */
public final class HistoryHorizon {

    /** Unless configured: the check-ins' retention, beyond which no replay could recompute an answer. */
    public static final Duration DEFAULT = Duration.ofDays(7);

    /** History older than the horizon is pruned on a wall-clock tick this often: a few deletes a minute per partition. */
    public static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private HistoryHorizon() {
    }

    /**
     * Whether a change of {@code owner} at {@code atMs} also trims the owner's history to the
     * horizon: about one change in 64, chosen from the owner and the moment. Deterministic and
     * without memory: a map of when each of 100,000 envoys was last trimmed filled the 160 MB heap.
     * An owner that changes rarely keeps a few dozen changes past the horizon until it is trimmed.
     */
    public static boolean trimsNow(String owner, long atMs) {
        int mixed = (owner.hashCode() ^ Long.hashCode(atMs)) * 0x9E3779B9;
        return mixed >>> 26 == 0;
    }

    /** A horizon of zero turns history off: nothing is written per change, and as-of questions are refused. */
    public static boolean off(Duration horizon) {
        return horizon.isZero();
    }
}
