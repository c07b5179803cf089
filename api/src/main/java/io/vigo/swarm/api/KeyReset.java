package io.vigo.swarm.api;

import java.time.Instant;

/**
 * {@code POST /api/v1/envoys/{host}/reset-key}: the envoy's key is reset (every gateway refuses it
 * within seconds) and the host may enrol again with the enrolment secret.
 */
public record KeyReset(String hostname, Instant resetAt) {
}
