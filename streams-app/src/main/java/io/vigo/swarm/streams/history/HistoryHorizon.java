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

    /** A horizon of zero turns history off: nothing is written per change, and as-of questions are refused. */
    public static boolean off(Duration horizon) {
        return horizon.isZero();
    }
}
