package io.vigo.swarm.api.envoy;

/** The gateway's paths, for the gateway and its clients alike. */
public final class EnvoyPaths {

    public static final String BASE = "/envoy/v1";
    public static final String ENROL = BASE + "/enrol";
    public static final String CHECKIN = BASE + "/checkin";
    public static final String REPORTS = BASE + "/reports";
    public static final String TASKS = BASE + "/tasks";
    public static final String REVOKED = BASE + "/revoked";

    private EnvoyPaths() {
    }
}
