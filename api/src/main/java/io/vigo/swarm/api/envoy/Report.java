package io.vigo.swarm.api.envoy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/**
 * One report in {@code POST /envoy/v1/reports}: a change of the envoy's cache, seeds or tasks,
 * told as absolute state ("cached, 2 GB"), never as a delta. {@code type} names the kind; the
 * agent numbers its reports with {@code sequence} within {@code agentEpoch}, separately from
 * its check-ins.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Report.PeerRecordUpdated.class, name = "peerRecordUpdated"),
        @JsonSubTypes.Type(value = Report.PeerRecordRemoved.class, name = "peerRecordRemoved"),
        @JsonSubTypes.Type(value = Report.CacheResync.class, name = "cacheResync"),
        @JsonSubTypes.Type(value = Report.CacheResyncPage.class, name = "cacheResyncPage"),
        @JsonSubTypes.Type(value = Report.SeedAnnounced.class, name = "seedAnnounced"),
        @JsonSubTypes.Type(value = Report.SeedWithdrawn.class, name = "seedWithdrawn"),
        @JsonSubTypes.Type(value = Report.SeedManifestBroken.class, name = "seedManifestBroken"),
        @JsonSubTypes.Type(value = Report.TaskResult.class, name = "taskResult")})
public sealed interface Report {

    String hostname();

    Long agentEpoch();

    Long sequence();

    /** A blob is cached ({@code bytes} = its size) or downloading ({@code bytes} received so far). */
    record PeerRecordUpdated(String hostname, Long agentEpoch, Long sequence, String sha, String state, Long bytes) implements Report {
    }

    /** A blob left the cache. */
    record PeerRecordRemoved(String hostname, Long agentEpoch, Long sequence, String sha) implements Report {
    }

    /** The whole cache and seed set, replacing what the views held: sent at start and now and then, so a lost report heals. */
    record CacheResync(String hostname, Long agentEpoch, Long sequence, List<Peer> peers, List<Seed> seeds) implements Report {
    }

    /**
     * One page of a large resync: everything in the sha range [fromSha, toSha), replacing what the
     * views held in it. {@code fromSha} is "" on the first page, {@code toSha} null on the last;
     * the pages of one resync follow each other without a gap.
     */
    record CacheResyncPage(String hostname, Long agentEpoch, Long sequence, String fromSha, String toSha, List<Peer> peers,
            List<Seed> seeds) implements Report {
    }

    /** The envoy originates a file from its seed/ directory. */
    record SeedAnnounced(String hostname, Long agentEpoch, Long sequence, Seed seed) implements Report {
    }

    /** The envoy no longer seeds a file. */
    record SeedWithdrawn(String hostname, Long agentEpoch, Long sequence, String sha) implements Report {
    }

    /** A seed file whose manifest cannot be read. */
    record SeedManifestBroken(String hostname, Long agentEpoch, Long sequence, String path, String reason) implements Report {
    }

    /** A task ran: {@code outcome} is {@code done} or {@code failed}, {@code output} its one line. */
    record TaskResult(String hostname, Long agentEpoch, Long sequence, String taskId, String outcome, String output,
            Instant finishedAt) implements Report {
    }

    /** One blob of a resync: {@code state} is {@code cached} or {@code downloading}. */
    record Peer(String sha, String state, Long bytes) {
    }

    /**
     * A seed's manifest. {@code subsystem} is {@code payload} (a filecast, the default) or
     * {@code gitback}; {@code target} a hostname pattern (default {@code *}); {@code retentionSeconds}
     * how long the entry stays active (default 0, forever).
     */
    record Seed(String sha, String label, String subsystem, Long sizeBytes, String target, Long retentionSeconds) {
    }
}
