package io.vigo.swarm.api.envoy;

import java.util.regex.Pattern;

/**
 * {@code POST /envoy/v1/enrol} with the fleet's enrolment secret: the hostname asking for its key,
 * and optionally the envoy's enrolment id, a random token it makes once and sends on every attempt.
 * With it an enrolment is safe to retry: an envoy whose answer was lost (a timeout, a gateway
 * killed after Kafka took the enrolment) asks again with the same id and gets the key of the
 * enrolment it already made, where without one it would meet "enrolled already" (409).
 */
public record EnrolRequest(String hostname, String enrolmentId) {

    private static final Pattern ENROLMENT_ID = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    /** Why {@code enrolmentId} is not one (null when it is, or when there is none). */
    public static String problemWithEnrolmentId(String enrolmentId) {
        return enrolmentId == null || ENROLMENT_ID.matcher(enrolmentId).matches() ? null
                : "enrolmentId must be 16 to 128 characters of A-Z, a-z, 0-9, '-' and '_'";
    }
}
