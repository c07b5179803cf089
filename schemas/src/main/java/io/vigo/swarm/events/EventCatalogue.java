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
            CacheResyncPage.getClassSchema(),
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

    /** The records a topic carries, by its logical name (the physical name without its prefix); empty if none. */
    public static List<Schema> onTopic(String logicalName) {
        return switch (logicalName) {
            case "checkins" -> CHECKINS;
            case "envoy-reports" -> ENVOY_REPORTS;
            case "operator" -> OPERATOR;
            case "manifest-admin" -> MANIFEST_ADMIN;
            case "config" -> CONFIG;
            case "tasks" -> TASKS;
            default -> List.of();
        };
    }

    public static List<Schema> all() {
        return java.util.stream.Stream.of(CHECKINS, ENVOY_REPORTS, OPERATOR, MANIFEST_ADMIN, CONFIG, TASKS)
                .flatMap(List::stream)
                .toList();
    }
}
