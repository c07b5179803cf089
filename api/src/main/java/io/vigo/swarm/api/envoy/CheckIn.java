package io.vigo.swarm.api.envoy;

import java.time.Instant;

/**
 * {@code POST /envoy/v1/checkin}: the envoy is alive. Every field is required (numbers are boxed so
 * that a missing one is named, not read as 0); {@code agentEpoch}
 * is the agent's start time in ms and {@code sequence} counts check-ins within it, so the views
 * order them across restarts and ignore a repeat.
 */
public record CheckIn(String hostname, String agentVersion, Long intervalMs, Boolean swarmEnabled, Instant agentClock,
        Long agentEpoch, Long sequence) {
}
