package io.vigo.swarm.api.envoy;

/** {@code POST /envoy/v1/enrol} with the fleet's enrolment secret: the hostname asking for its key. */
public record EnrolRequest(String hostname) {
}
