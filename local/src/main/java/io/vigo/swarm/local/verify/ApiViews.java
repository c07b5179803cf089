package io.vigo.swarm.local.verify;

import io.vigo.swarm.api.EnvoyList;
import io.vigo.swarm.api.ManifestEntries;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.RefusedSeeds;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.api.TaskView;
import io.vigo.swarm.api.VigoApiClient;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Everything verify compares, as the API answers it; {@code tasks} holds the views of the tasks the events name (absent: 404). */
public record ApiViews(SwarmStatus status, PeersPage peers, EnvoyList envoys, ManifestEntries filecasts, RefusedSeeds refused,
        Map<String, TaskView> tasks) {

    public static ApiViews fetch(VigoApiClient api, Collection<String> taskIds) {
        Map<String, TaskView> tasks = new TreeMap<>();
        for (String id : taskIds) {
            try {
                tasks.put(id, api.task(id));
            } catch (io.vigo.swarm.api.ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        return new ApiViews(api.status(), api.peers(io.vigo.swarm.api.PeerSort.HOSTNAME, 0), api.envoys(), api.filecasts(), api.refused(), tasks);
    }
}
