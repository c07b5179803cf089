package io.vigo.swarm.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/swarm/filecast/{sha}/history?from&to&step}: how a payload spread (SPEC §12).
 *
 * @param targets the envoys of the substrate population its target pattern picks now
 * @param reached when the holders first reached 50, 90 and 100 % of {@code targets} (null: not yet,
 *     or not within the horizon)
 */
public record FilecastHistory(Instant generatedAt, boolean complete, long inputLagRecords, String sha, String label, String target,
        long targets, Instant from, Instant to, long stepSeconds, List<Point> points, Reached reached) implements Answer {

    /** Envoys holding (cached) and downloading the blob as of {@code at}. */
    public record Point(Instant at, long holders, long downloaders) {
    }

    public record Reached(Instant half, Instant ninetyPercent, Instant all) {
    }
}
