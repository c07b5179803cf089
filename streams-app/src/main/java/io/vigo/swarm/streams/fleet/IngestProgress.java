package io.vigo.swarm.streams.fleet;

/**
 * Whether the envoy side has caught up with the check-ins of a partition. While it has not (after
 * downtime, during a rebuild), offline decisions use the time of the newest check-in processed
 * instead of the wall clock, so the fleet does not flap offline and back.
 */
@FunctionalInterface
public interface IngestProgress {

    boolean caughtUp(int partition);

    IngestProgress ALWAYS_CAUGHT_UP = partition -> true;
}
