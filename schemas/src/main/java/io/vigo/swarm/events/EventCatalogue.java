package io.vigo.swarm.events;

import java.util.List;
import org.apache.avro.Schema;

/**
 * Every event record the envoys and operators publish: the set of registry subjects, and the set the
 * schema history check covers.
 */
public final class EventCatalogue {

    /** Event records by the logical topic that carries them (SPEC §3). */
    public static final List<Schema> CHECKINS = List.of(EnvoyCheckIn.getClassSchema());
    public static final List<Schema> ENVOY_REPORTS = List.of(
            PeerRecordUpdated.getClassSchema(),
            PeerRecordRemoved.getClassSchema(),
            CacheResync.getClassSchema(),
            SeedAnnounced.getClassSchema(),
            SeedWithdrawn.getClassSchema(),
            SeedManifestBroken.getClassSchema(),
            TaskResult.getClassSchema());
    public static final List<Schema> OPERATOR = List.of(
            EnvoyTagged.getClassSchema(),
            EnvoyUntagged.getClassSchema(),
            EnvoyDecommissioned.getClassSchema(),
            TaskAssigned.getClassSchema());
    public static final List<Schema> MANIFEST_ADMIN = List.of(
            ManifestRevoked.getClassSchema(),
            ManifestPurged.getClassSchema());
    public static final List<Schema> CONFIG = List.of(SeedingAllowlistSet.getClassSchema());
    public static final List<Schema> TASKS = List.of(TaskDispatched.getClassSchema());

    private EventCatalogue() {
    }

    public static List<Schema> all() {
        return java.util.stream.Stream.of(CHECKINS, ENVOY_REPORTS, OPERATOR, MANIFEST_ADMIN, CONFIG, TASKS)
                .flatMap(List::stream)
                .toList();
    }
}
