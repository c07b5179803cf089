package io.vigo.swarm.local.verify;

import io.vigo.swarm.api.EnvoyList;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.SwarmStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Compares what the events say with what the API answers, naming every differing field. */
public final class ViewComparison {

    private ViewComparison() {
    }

    public static List<String> differences(EventReplay replay, SwarmStatus status, PeersPage peers, EnvoyList envoys) {
        List<String> differences = new ArrayList<>();
        Map<String, EventReplay.Envoy> population = replay.envoys().entrySet().stream()
                .filter(e -> e.getValue().inPopulation())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        Map<String, PeerRow> rows = peers.rows().stream().collect(Collectors.toMap(PeerRow::hostname, r -> r, (a, b) -> a, TreeMap::new));

        compare(differences, "status.envoysTotal", (long) population.size(), status.envoysTotal());
        compare(differences, "status.fleetFootprintBytes",
                population.values().stream().mapToLong(EventReplay.Envoy::footprint).sum(), status.fleetFootprintBytes());
        for (String host : population.keySet()) {
            if (!rows.containsKey(host)) {
                differences.add("envoy " + host + ": in the population by the events, missing from the view");
            }
        }
        for (PeerRow row : rows.values()) {
            EventReplay.Envoy envoy = population.get(row.hostname());
            if (envoy == null) {
                differences.add("envoy " + row.hostname() + ": in the view, not in the population by the events");
                continue;
            }
            compare(differences, "envoy " + row.hostname() + ": cached", envoy.cached(), row.cached());
            compare(differences, "envoy " + row.hostname() + ": downloading", envoy.downloading(), row.downloading());
            compare(differences, "envoy " + row.hostname() + ": footprintBytes", envoy.footprint(), row.footprintBytes());
        }
        for (EnvoyList.EnvoyRow row : envoys.envoys()) {
            EventReplay.Envoy envoy = replay.envoys().get(row.hostname());
            if (envoy != null) {
                compare(differences, "envoy " + row.hostname() + ": tags", envoy.tags, new TreeMap<>(row.tags()));
            }
        }
        return differences;
    }

    private static void compare(List<String> differences, String field, Object events, Object view) {
        if (!Objects.equals(events, view)) {
            differences.add(field + " events=" + events + " view=" + view);
        }
    }
}
