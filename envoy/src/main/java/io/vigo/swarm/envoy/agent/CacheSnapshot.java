package io.vigo.swarm.envoy.agent;

import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.SeedManifest;
import java.util.List;
import java.util.Map;

/** What one scan of a blob cache found: peer records by sha, seeds by sha, and seed files whose manifest is unusable. */
record CacheSnapshot(Map<String, PeerEntry> peers, Map<String, SeedManifest> seeds, List<BrokenSeed> broken) {

    /** A seed file the agent cannot announce, and why. */
    record BrokenSeed(String path, String reason) {
    }
}
