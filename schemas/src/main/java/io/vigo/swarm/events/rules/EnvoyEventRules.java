package io.vigo.swarm.events.rules;

import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.CacheResyncPage;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerRecordRemoved;
import io.vigo.swarm.events.PeerRecordUpdated;
import io.vigo.swarm.events.SeedAnnounced;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.SeedManifestBroken;
import io.vigo.swarm.events.SeedWithdrawn;
import io.vigo.swarm.events.TaskResult;
import org.apache.avro.specific.SpecificRecord;

/**
 * The whole-event check of what an envoy authors (its check-in and its reports), before it is
 * written: the gateway refuses with it what the streams app would dead-letter. Only the checks
 * that need no view state; the streams app adds the ones against what it holds (is the sequence
 * newer than the envoy's last).
 */
public final class EnvoyEventRules {

    private EnvoyEventRules() {
    }

    /** The hostname an envoy event is about; {@code null} for a record that is not an envoy's. */
    public static String hostnameOf(SpecificRecord event) {
        var field = event.getSchema().getField("hostname");
        return field == null ? null : String.valueOf(event.get(field.pos()));
    }

    /**
     * Checks {@code event} as an event of {@code key}'s envoy, received at {@code nowMs} (which
     * stands for the record's time: the gateway writes it right away).
     *
     * @throws InvalidEventException naming the field that is wrong
     */
    public static void check(String key, SpecificRecord event, long nowMs) {
        if (event instanceof EnvoyCheckIn checkIn) {
            EventRules.hostname(key, checkIn.getHostname());
            EventRules.interval(checkIn.getIntervalMs());
            EventRules.text("agentVersion", checkIn.getAgentVersion());
            EventRules.agentClock(checkIn.getAgentClock(), nowMs);
            EventRules.sequence(checkIn.getAgentEpoch(), checkIn.getSequence(), nowMs, -1, -1);
        } else if (event instanceof PeerRecordUpdated updated) {
            report(key, updated.getHostname(), updated.getAgentEpoch(), updated.getSequence(), nowMs);
            EventRules.sha(updated.getSha());
            EventRules.peer(updated.getState(), updated.getBytes());
        } else if (event instanceof PeerRecordRemoved removed) {
            report(key, removed.getHostname(), removed.getAgentEpoch(), removed.getSequence(), nowMs);
            EventRules.sha(removed.getSha());
        } else if (event instanceof CacheResync resync) {
            report(key, resync.getHostname(), resync.getAgentEpoch(), resync.getSequence(), nowMs);
            for (PeerEntry entry : resync.getPeers()) {
                EventRules.sha(entry.getSha());
                EventRules.peer(entry.getState(), entry.getBytes());
            }
            for (SeedManifest seed : resync.getSeeds()) {
                EventRules.seed(seed);
            }
        } else if (event instanceof CacheResyncPage page) {
            report(key, page.getHostname(), page.getAgentEpoch(), page.getSequence(), nowMs);
            java.util.List<String> shas = new java.util.ArrayList<>();
            for (PeerEntry entry : page.getPeers()) {
                EventRules.sha(entry.getSha());
                EventRules.peer(entry.getState(), entry.getBytes());
                shas.add(entry.getSha());
            }
            for (SeedManifest seed : page.getSeeds()) {
                EventRules.seed(seed);
                shas.add(seed.getSha());
            }
            EventRules.page(page.getFromSha(), page.getToSha(), shas);
        } else if (event instanceof SeedAnnounced announced) {
            report(key, announced.getHostname(), announced.getAgentEpoch(), announced.getSequence(), nowMs);
            EventRules.seed(announced.getSeed());
        } else if (event instanceof SeedWithdrawn withdrawn) {
            report(key, withdrawn.getHostname(), withdrawn.getAgentEpoch(), withdrawn.getSequence(), nowMs);
            EventRules.sha(withdrawn.getSha());
        } else if (event instanceof SeedManifestBroken broken) {
            report(key, broken.getHostname(), broken.getAgentEpoch(), broken.getSequence(), nowMs);
            EventRules.text("path", broken.getPath());
            EventRules.text("reason", broken.getReason());
        } else if (event instanceof TaskResult result) {
            report(key, result.getHostname(), result.getAgentEpoch(), result.getSequence(), nowMs);
            EventRules.taskResult(result);
        } else {
            throw new InvalidEventException(event.getSchema().getName() + " is not an event an envoy publishes");
        }
    }

    private static void report(String key, String hostname, long epoch, long sequence, long nowMs) {
        EventRules.hostname(key, hostname);
        EventRules.sequence(epoch, sequence, nowMs, -1, -1);
    }
}
