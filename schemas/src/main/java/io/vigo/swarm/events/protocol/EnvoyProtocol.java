package io.vigo.swarm.events.protocol;

import io.vigo.swarm.api.envoy.CheckIn;
import io.vigo.swarm.api.envoy.Report;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.CacheResyncPage;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.SeedAnnounced;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedManifestBroken;
import io.vigo.swarm.events.SeedWithdrawn;
import io.vigo.swarm.events.Subsystem;
import io.vigo.swarm.events.TaskOutcome;
import io.vigo.swarm.events.TaskResult;
import io.vigo.swarm.events.rules.InvalidEventException;
import java.util.List;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;

/**
 * The envoy protocol's JSON messages and the Avro events they stand for, both ways: the gateway
 * turns what an agent sent into the events it publishes, the project's agent turns the events it
 * makes into what it sends. Enum values travel in lower case ({@code cached}, {@code done}).
 */
public final class EnvoyProtocol {

    private EnvoyProtocol() {
    }

    public static EnvoyCheckIn toEvent(CheckIn in) {
        return new EnvoyCheckIn(required("hostname", in.hostname()), required("agentVersion", in.agentVersion()),
                required("intervalMs", in.intervalMs()), required("swarmEnabled", in.swarmEnabled()), required("agentClock", in.agentClock()),
                required("agentEpoch", in.agentEpoch()), required("sequence", in.sequence()));
    }

    /** The Avro event of a report; an unknown enum value or a missing field is an {@link InvalidEventException}. */
    public static SpecificRecord toEvent(Report report) {
        String host = required("hostname", report.hostname());
        long epoch = required("agentEpoch", report.agentEpoch());
        long seq = required("sequence", report.sequence());
        if (report instanceof Report.PeerRecordUpdated updated) {
            return new PeerRecordUpdated(host, epoch, seq, required("sha", updated.sha()), peerState(updated.state()), required("bytes", updated.bytes()));
        } else if (report instanceof Report.PeerRecordRemoved removed) {
            return new PeerRecordRemoved(host, epoch, seq, required("sha", removed.sha()));
        } else if (report instanceof Report.CacheResync resync) {
            return new CacheResync(host, epoch, seq, peers(resync.peers()), seeds(resync.seeds()));
        } else if (report instanceof Report.CacheResyncPage page) {
            return new CacheResyncPage(host, epoch, seq, required("fromSha", page.fromSha()), page.toSha(), peers(page.peers()),
                    seeds(page.seeds()));
        } else if (report instanceof Report.SeedAnnounced announced) {
            return new SeedAnnounced(host, epoch, seq, seed(required("seed", announced.seed())));
        } else if (report instanceof Report.SeedWithdrawn withdrawn) {
            return new SeedWithdrawn(host, epoch, seq, required("sha", withdrawn.sha()));
        } else if (report instanceof Report.SeedManifestBroken broken) {
            return new SeedManifestBroken(host, epoch, seq, required("path", broken.path()), required("reason", broken.reason()));
        } else if (report instanceof Report.TaskResult result) {
            return new TaskResult(host, epoch, seq, required("taskId", result.taskId()), outcome(result.outcome()),
                    required("output", result.output()), required("finishedAt", result.finishedAt()));
        }
        throw new InvalidEventException("unknown report " + report.getClass().getSimpleName());
    }

    public static CheckIn toMessage(EnvoyCheckIn event) {
        return new CheckIn(event.getHostname(), event.getAgentVersion(), event.getIntervalMs(), event.getSwarmEnabled(),
                event.getAgentClock(), event.getAgentEpoch(), event.getSequence());
    }

    /** The report an envoy event travels as; a check-in or a record that is not an envoy's report is refused. */
    public static Report toMessage(SpecificRecord event) {
        if (event instanceof PeerRecordUpdated e) {
            return new Report.PeerRecordUpdated(e.getHostname(), e.getAgentEpoch(), e.getSequence(), e.getSha(), lower(e.getState()), e.getBytes());
        } else if (event instanceof PeerRecordRemoved e) {
            return new Report.PeerRecordRemoved(e.getHostname(), e.getAgentEpoch(), e.getSequence(), e.getSha());
        } else if (event instanceof CacheResync e) {
            return new Report.CacheResync(e.getHostname(), e.getAgentEpoch(), e.getSequence(), peerMessages(e.getPeers()),
                    seedMessages(e.getSeeds()));
        } else if (event instanceof CacheResyncPage e) {
            return new Report.CacheResyncPage(e.getHostname(), e.getAgentEpoch(), e.getSequence(), e.getFromSha(), e.getToSha(),
                    peerMessages(e.getPeers()), seedMessages(e.getSeeds()));
        } else if (event instanceof SeedAnnounced e) {
            return new Report.SeedAnnounced(e.getHostname(), e.getAgentEpoch(), e.getSequence(), seedMessage(e.getSeed()));
        } else if (event instanceof SeedWithdrawn e) {
            return new Report.SeedWithdrawn(e.getHostname(), e.getAgentEpoch(), e.getSequence(), e.getSha());
        } else if (event instanceof SeedManifestBroken e) {
            return new Report.SeedManifestBroken(e.getHostname(), e.getAgentEpoch(), e.getSequence(), e.getPath(), e.getReason());
        } else if (event instanceof TaskResult e) {
            return new Report.TaskResult(e.getHostname(), e.getAgentEpoch(), e.getSequence(), e.getTaskId(), lower(e.getOutcome()),
                    e.getOutput(), e.getFinishedAt());
        }
        throw new IllegalArgumentException(event.getSchema().getName() + " is not an envoy report");
    }

    private static List<PeerEntry> peers(List<Report.Peer> listed) {
        List<PeerEntry> peers = new java.util.ArrayList<>();
        for (Report.Peer p : required("peers", listed)) {
            required("an element of peers", p);
            peers.add(new PeerEntry(required("peers[].sha", p.sha()), peerState(p.state()), required("peers[].bytes", p.bytes())));
        }
        return peers;
    }

    private static List<SeedManifest> seeds(List<Report.Seed> listed) {
        List<SeedManifest> seeds = new java.util.ArrayList<>();
        for (Report.Seed seed : required("seeds", listed)) {
            seeds.add(seed(required("an element of seeds", seed)));
        }
        return seeds;
    }

    private static SeedManifest seed(Report.Seed seed) {
        Subsystem subsystem = seed.subsystem() == null ? Subsystem.PAYLOAD : symbol(Subsystem.class, "subsystem", seed.subsystem(), "payload or gitback");
        return new SeedManifest(required("seed.sha", seed.sha()), required("seed.label", seed.label()), subsystem, required("seed.sizeBytes", seed.sizeBytes()),
                seed.target() == null ? "*" : seed.target(), seed.retentionSeconds() == null ? 0L : seed.retentionSeconds());
    }

    private static List<Report.Peer> peerMessages(List<PeerEntry> peers) {
        return peers.stream().map(p -> new Report.Peer(p.getSha(), lower(p.getState()), p.getBytes())).toList();
    }

    private static List<Report.Seed> seedMessages(List<SeedManifest> seeds) {
        return seeds.stream().map(EnvoyProtocol::seedMessage).toList();
    }

    private static Report.Seed seedMessage(SeedManifest seed) {
        return new Report.Seed(seed.getSha(), seed.getLabel(), lower(seed.getSubsystem()), seed.getSizeBytes(), seed.getTarget(),
                seed.getRetentionSeconds());
    }

    private static PeerState peerState(String state) {
        return symbol(PeerState.class, "state", state, "cached or downloading");
    }

    private static TaskOutcome outcome(String outcome) {
        return symbol(TaskOutcome.class, "outcome", outcome, "done or failed");
    }

    /** An enum from its lower-case name; the readers' fallback symbol UNKNOWN is not a value a sender may use. */
    private static <E extends Enum<E>> E symbol(Class<E> type, String field, String value, String allowed) {
        if (value != null && value.equals(value.toLowerCase(Locale.ROOT)) && !value.equals("unknown")) {
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // named below
            }
        }
        throw new InvalidEventException(field + " \"" + abbreviate(value) + "\" is not " + allowed);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidEventException(field + " is missing");
        }
        return value;
    }

    private static String abbreviate(String value) {
        return value == null ? "null" : value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
