package io.vigo.swarm.streams.query;

import io.vigo.swarm.streams.state.EnvoyState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Envoys as of a moment, completed from the check-ins: a version holds what changed, not every
 * heartbeat, so an envoy online by its version gets its last seen (and clock skew) from the
 * check-in it made last before the moment, and its status by the rule then (online while
 * {@code at - lastSeen <= 2.5 x interval}), however late the sweep ran.
 */
final class EnvoysAt {

    private EnvoysAt() {
    }

    /** The envoys of one partition as of {@code atMs}, with last seen and status from the check-ins. */
    static List<EnvoyState> withCheckIns(CheckInLog checkIns, int partition, List<EnvoyState> versions, long atMs) {
        Set<String> online = new HashSet<>();
        long fromMs = atMs;
        for (EnvoyState envoy : versions) {
            if (envoy.getOnline()) {
                online.add(envoy.getHostname());
                fromMs = Math.min(fromMs, atMs - envoy.getIntervalMs() * 5 / 2);
            }
        }
        Map<String, CheckInLog.CheckIn> last = checkIns.lastCheckIns(partition, online, fromMs, atMs);
        List<EnvoyState> completed = new ArrayList<>(versions.size());
        for (EnvoyState envoy : versions) {
            CheckInLog.CheckIn checkIn = last.get(envoy.getHostname());
            if (!envoy.getOnline() || checkIn == null && checkIns == CheckInLog.NONE) {
                completed.add(envoy);
                continue;
            }
            EnvoyState then = EnvoyState.newBuilder(envoy).build();
            if (checkIn == null) {
                then.setOnline(false); // silent for longer than the rule allows; the sweep had not said so yet
            } else {
                then.setLastSeenMs(checkIn.atMs());
                then.setClockSkewMs(checkIn.clockSkewMs());
                then.setOnline(atMs - checkIn.atMs() <= envoy.getIntervalMs() * 5 / 2);
            }
            completed.add(then);
        }
        return completed;
    }
}
