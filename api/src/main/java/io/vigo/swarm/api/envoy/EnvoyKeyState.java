package io.vigo.swarm.api.envoy;

import java.time.Instant;

/**
 * The value of an envoy's record on the compacted {@code envoy-keys} topic (key: hostname, value:
 * this as JSON). The gateways write {@code enrolled} when they issue a key, the operator's writes
 * {@code reset} (an operator's reset-key, a decommission). The record's offset is the key's
 * generation: a key is valid while the host's latest record is its enrolment.
 */
public record EnvoyKeyState(String state, String reason, Instant at) {

    public static final String ENROLLED = "enrolled";
    public static final String RESET = "reset";

    public static EnvoyKeyState enrolled(Instant at) {
        return new EnvoyKeyState(ENROLLED, "enrolment", at);
    }

    public static EnvoyKeyState reset(String reason, Instant at) {
        return new EnvoyKeyState(RESET, reason, at);
    }

    public boolean isEnrolled() {
        return ENROLLED.equals(state);
    }
}
