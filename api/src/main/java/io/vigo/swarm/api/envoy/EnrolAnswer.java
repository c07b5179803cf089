package io.vigo.swarm.api.envoy;

/** The answer to an enrolment: the envoy's own key, presented as a bearer token on every later request. */
public record EnrolAnswer(String hostname, String key) {

    @Override
    public String toString() {
        return "EnrolAnswer[hostname=" + hostname + ", key=(hidden)]"; // a key never reaches a log
    }
}
