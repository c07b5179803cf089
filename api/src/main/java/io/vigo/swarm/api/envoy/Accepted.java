package io.vigo.swarm.api.envoy;

/** The gateway's answer once Kafka acknowledged every event of a request. */
public record Accepted(int accepted) {
}
