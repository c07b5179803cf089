package io.vigo.swarm.streams.query;

import java.util.Map;
import java.util.Set;

/**
 * The check-ins themselves, read back from their topic. History keeps an envoy's changes, not its
 * heartbeats (SPEC §12); when an as-of answer shows when an online envoy last checked in, that
 * moment comes from here: the `checkins` topic, which keeps every check-in for the horizon.
 */
public interface CheckInLog {

    /** A check-in as the views took it: its broker time and the agent's clock minus it. */
    record CheckIn(long atMs, long clockSkewMs) {
    }

    /**
     * The check-in each host's last-seen time came from, among those in {@code [fromMs, toMs]} on
     * one partition of the topic (the partition of all those hosts): of the newest (epoch,
     * sequence) a host sent, its first copy, as the views count a check-in sent again as a repeat.
     * A host without one in that window is absent.
     */
    Map<String, CheckIn> lastCheckIns(int partition, Set<String> hosts, long fromMs, long toMs);

    /** No topic to read (an instance tested without a broker): every host is absent. */
    CheckInLog NONE = (partition, hosts, fromMs, toMs) -> Map.of();
}
