package io.vigo.swarm.api.envoy;

import java.time.Instant;

/**
 * The value of an envoy's record on the compacted {@code envoy-keys} topic (key: hostname, value:
 * this as JSON). The gateways write {@code enrolled} when they issue a key, the operator's writes
 * {@code reset} (an operator's reset-key, a decommission). The record's offset is the key's
 * generation: a key is valid while the host's latest record is its enrolment.
 *
 * @param enrolment of an enrolment, the SHA-256 (hex) of the envoy's enrolment id, so a retry with
 *     the same id gets this enrolment's key again; null when the envoy sent none, and for a reset
 */
public record EnvoyKeyState(String state, String reason, Instant at, String enrolment) {

    public static final String ENROLLED = "enrolled";
    public static final String RESET = "reset";

    public static EnvoyKeyState enrolled(Instant at, String enrolment) {
        return new EnvoyKeyState(ENROLLED, "enrolment", at, enrolment);
    }

    public static EnvoyKeyState reset(String reason, Instant at) {
        return new EnvoyKeyState(RESET, reason, at, null);
    }

    public boolean isEnrolled() {
        return ENROLLED.equals(state);
    }
}
