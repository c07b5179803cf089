package io.vigo.swarm.local.verify;

import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.EnvoyList;
import io.vigo.swarm.api.ManifestEntries;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.RefusedSeeds;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.api.TaskView;
import io.vigo.swarm.events.TaskOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares what the events say with what the API answers, naming every differing field: the
 * population and each envoy's counts and tags, the manifest entries (state, seeders), each
 * envoy's SEEDING, the refused seeds, every task's targets and results, and the status totals.
 *
 * <p>Where the product's answer depends on how topics interleave, only what is order-independent
 * is checked: an entry's seeders are exactly the allowed envoys of the population that seed it now,
 * whoever published it; its label, subsystem and size are those of one of its announced seeds.
 * Retention expiry is decided by the server's clock, not by an event: an entry the view shows
 * revoked as "expired" is accepted when its retention has run out by the view's time.
 */
public final class ViewComparison {

    private ViewComparison() {
    }

    public static List<String> differences(EventReplay replay, ApiViews views) {
        List<String> differences = new ArrayList<>();
        Map<String, EventReplay.Envoy> population = population(replay);
        Map<String, String> entryStates = compareManifest(replay, population, views, differences);
        compareEnvoys(replay, population, entryStates, views, differences);
        compareRefused(replay, views.refused(), differences);
        compareTasks(replay, views.tasks(), differences);
        compareTotals(replay, population, entryStates, views.status(), differences);
        return differences;
    }

    /**
     * {@code verify --at}: the status the API answers as of a moment against a replay of the
     * records up to it ({@link EventReplay#read(String, String, io.vigo.swarm.topics.TopicNames, long, EventReplay.Progress)}),
     * online judged by the rule at that moment. Retention expiry is not modelled here: an entry
     * that expired by then shows as a difference in manifestActive and manifestRevoked.
     */
    public static List<String> statusDifferences(EventReplay replay, SwarmStatus status, Instant at) {
        List<String> differences = new ArrayList<>();
        Map<String, EventReplay.Envoy> population = population(replay);
        compare(differences, "status.envoysOnline", population.values().stream().filter(e -> e.onlineAt(at.toEpochMilli())).count(),
                status.envoysOnline());
        compareTotals(replay, population, entryStatesByEvents(replay, population), status, differences);
        return differences;
    }

    /**
     * {@code verify --at}: every row of the peers page as of a moment (all rows, any order) against
     * the same replay: the population, each envoy's status by the rule then, its last check-in,
     * counts and SEEDING.
     */
    public static List<String> peerDifferencesAt(EventReplay replay, PeersPage page, Instant at) {
        List<String> differences = new ArrayList<>();
        Map<String, EventReplay.Envoy> population = population(replay);
        Map<String, String> entryStates = entryStatesByEvents(replay, population);
        compare(differences, "peers.total", (long) population.size(), page.total());
        Map<String, PeerRow> rows = page.rows().stream().collect(Collectors.toMap(PeerRow::hostname, r -> r, (a, b) -> a, TreeMap::new));
        population.keySet().stream().filter(host -> !rows.containsKey(host))
                .forEach(host -> differences.add("envoy " + host + ": in the population by the events, missing from the peers"));
        for (PeerRow row : rows.values()) {
            EventReplay.Envoy envoy = population.get(row.hostname());
            if (envoy == null) {
                differences.add("envoy " + row.hostname() + ": in the peers, not in the population by the events");
                continue;
            }
            String name = "envoy " + row.hostname() + ": ";
            compare(differences, name + "status", envoy.onlineAt(at.toEpochMilli()) ? "ONLINE" : "OFFLINE", row.status().name());
            compare(differences, name + "lastSeen", Instant.ofEpochMilli(envoy.lastCheckInTs), row.lastSeen());
            compare(differences, name + "cached", envoy.cached(), row.cached());
            compare(differences, name + "downloading", envoy.downloading(), row.downloading());
            compare(differences, name + "footprintBytes", envoy.footprint(), row.footprintBytes());
            compare(differences, name + "seeding", seeding(replay, row.hostname(), envoy, entryStates), row.seeding());
        }
        return differences;
    }

    /**
     * {@code verify --at}: one envoy's detail as of a moment against the same replay: status by the
     * rule then, last check-in, tags, every peer record (state and bytes) and every seed (allowed
     * or refused).
     */
    public static List<String> envoyDifferencesAt(EventReplay replay, EnvoyDetail detail, Instant at) {
        List<String> differences = new ArrayList<>();
        EventReplay.Envoy envoy = replay.envoys().get(detail.hostname());
        String name = "envoy " + detail.hostname() + " (show): ";
        if (envoy == null) {
            differences.add(name + "in the view, never checked in by the events");
            return differences;
        }
        compare(differences, name + "status", envoy.onlineAt(at.toEpochMilli()) ? "ONLINE" : "OFFLINE", detail.status().name());
        compare(differences, name + "lastSeen", Instant.ofEpochMilli(envoy.lastCheckInTs), detail.lastSeen());
        compare(differences, name + "tags", envoy.tags, new TreeMap<>(detail.tags()));
        Map<String, String> blobs = new TreeMap<>();
        envoy.peers.forEach((sha, peer) -> blobs.put(sha, peer.getState().name().toLowerCase(java.util.Locale.ROOT) + " " + peer.getBytes()));
        compare(differences, name + "blobs", blobs, detail.blobs().stream()
                .collect(Collectors.toMap(EnvoyDetail.Blob::sha, b -> b.state() + " " + b.bytes(), (a, b) -> a, TreeMap::new)));
        Map<String, Boolean> seeds = new TreeMap<>();
        envoy.seeds.keySet().forEach(sha -> seeds.put(sha, replay.allowsSeeding(detail.hostname())));
        compare(differences, name + "seeds", seeds, detail.seeds().stream()
                .collect(Collectors.toMap(EnvoyDetail.Seed::sha, EnvoyDetail.Seed::allowed, (a, b) -> a, TreeMap::new)));
        return differences;
    }

    /**
     * {@code verify --at}: the manifest entries as of a moment, one request per sha the events seeded
     * and did not purge: state and seeders against the replay ({@code entryAt} answers null for an
     * entry the API does not have then).
     */
    public static List<String> entryDifferencesAt(EventReplay replay, java.util.function.Function<String, ManifestEntries.Entry> entryAt) {
        List<String> differences = new ArrayList<>();
        Map<String, EventReplay.Envoy> population = population(replay);
        Map<String, Set<String>> seeders = seedersByEvents(replay, population);
        entryStatesByEvents(replay, population).forEach((sha, state) -> {
            ManifestEntries.Entry entry = entryAt.apply(sha);
            if (entry == null) {
                differences.add("filecast " + sha + ": seeded by " + seeders.get(sha) + " by the events, missing from the view");
                return;
            }
            compare(differences, "filecast " + sha + ": state", state, entry.state().toString());
            compare(differences, "filecast " + sha + ": seeders", (long) seeders.get(sha).size(), entry.seeders());
        });
        return differences;
    }

    private static Map<String, EventReplay.Envoy> population(EventReplay replay) {
        return replay.envoys().entrySet().stream()
                .filter(e -> e.getValue().inPopulation())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** The state every seeded, unpurged sha has by the events: "active" or "revoked". */
    private static Map<String, String> entryStatesByEvents(EventReplay replay, Map<String, EventReplay.Envoy> population) {
        Map<String, String> entryStates = new TreeMap<>();
        seedersByEvents(replay, population).keySet().forEach(sha -> {
            EventReplay.Payload payload = replay.payloads().get(sha);
            if (!payload.purged()) {
                entryStates.put(sha, payload.revoked() ? "revoked" : "active");
            }
        });
        return entryStates;
    }

    /** Every seeded sha with the allowed envoys of the population that seed it. */
    private static Map<String, Set<String>> seedersByEvents(EventReplay replay, Map<String, EventReplay.Envoy> population) {
        Map<String, Set<String>> seeders = new TreeMap<>();
        population.forEach((host, envoy) -> {
            if (replay.allowsSeeding(host)) {
                envoy.seeds.keySet().forEach(sha -> seeders.computeIfAbsent(sha, s -> new TreeSet<>()).add(host));
            }
        });
        return seeders;
    }

    private static void compareEnvoys(EventReplay replay, Map<String, EventReplay.Envoy> population, Map<String, String> entryStates,
            ApiViews views, List<String> differences) {
        Map<String, PeerRow> rows = views.peers().rows().stream()
                .collect(Collectors.toMap(PeerRow::hostname, r -> r, (a, b) -> a, TreeMap::new));
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
            String name = "envoy " + row.hostname() + ": ";
            compare(differences, name + "cached", envoy.cached(), row.cached());
            compare(differences, name + "downloading", envoy.downloading(), row.downloading());
            compare(differences, name + "footprintBytes", envoy.footprint(), row.footprintBytes());
            compare(differences, name + "seeding", seeding(replay, row.hostname(), envoy, entryStates), row.seeding());
        }
        for (EnvoyList.EnvoyRow row : views.envoys().envoys()) {
            EventReplay.Envoy envoy = replay.envoys().get(row.hostname());
            if (envoy != null) {
                compare(differences, "envoy " + row.hostname() + ": tags", envoy.tags, new TreeMap<>(row.tags()));
            }
        }
    }

    /** SEEDING: the envoy's seeds of active entries, if it may seed at all. */
    private static long seeding(EventReplay replay, String host, EventReplay.Envoy envoy, Map<String, String> entryStates) {
        if (!replay.allowsSeeding(host)) {
            return 0;
        }
        return envoy.seeds.keySet().stream().filter(sha -> "active".equals(entryStates.get(sha))).count();
    }

    /**
     * Checks every manifest entry of the view against the events and returns the state each sha
     * should have by the events ("active" or "revoked"; absent: no entry).
     */
    private static Map<String, String> compareManifest(EventReplay replay, Map<String, EventReplay.Envoy> population, ApiViews views,
            List<String> differences) {
        Map<String, Set<String>> seeders = seedersByEvents(replay, population);
        Map<String, ManifestEntries.Entry> entries = views.filecasts().entries().stream()
                .collect(Collectors.toMap(ManifestEntries.Entry::sha, e -> e, (a, b) -> a, TreeMap::new));
        Map<String, String> states = new TreeMap<>();
        for (String sha : seeders.keySet()) {
            EventReplay.Payload payload = replay.payloads().get(sha);
            if (!payload.purged()) {
                states.put(sha, payload.revoked() ? "revoked" : "active");
                if (!entries.containsKey(sha)) {
                    differences.add("filecast " + sha + ": seeded by " + seeders.get(sha) + " by the events, missing from the view");
                }
            }
        }
        for (ManifestEntries.Entry entry : entries.values()) {
            String name = "filecast " + entry.sha() + ": ";
            EventReplay.Payload payload = replay.payloads().get(entry.sha());
            if (payload == null || payload.firstSeededTs < 0) {
                differences.add(name + "in the view, never seeded by the events");
                continue;
            }
            if (payload.purged()) {
                differences.add(name + "purged by the events, still in the view");
                continue;
            }
            String expected = payload.revoked() ? "revoked" : "active";
            if (expected.equals("active") && expiredByRetention(entry, views.filecasts().generatedAt())) {
                expected = "revoked";
            }
            states.put(entry.sha(), expected);
            compare(differences, name + "state", expected, entry.state().toString());
            compare(differences, name + "seeders", (long) seeders.getOrDefault(entry.sha(), Set.of()).size(), entry.seeders());
            String description = EventReplay.description(entry.label(), entry.subsystem(), entry.sizeBytes());
            if (!payload.descriptions.contains(description)) {
                differences.add(name + "label|subsystem|size " + description + " is none of the announced " + payload.descriptions);
            }
        }
        return states;
    }

    private static boolean unfinished(io.vigo.swarm.api.TaskState state) {
        return switch (state) {
            case PENDING, EXPIRED, CANCELLED -> true;
            case DONE, FAILED -> false;
        };
    }

    private static boolean expiredByRetention(ManifestEntries.Entry entry, Instant now) {
        return entry.state() == io.vigo.swarm.api.EntryState.REVOKED && "expired".equals(entry.revokeReason()) && entry.retentionSeconds() > 0
                && !entry.publishedAt().plusSeconds(entry.retentionSeconds()).isAfter(now);
    }

    private static void compareRefused(EventReplay replay, RefusedSeeds refused, List<String> differences) {
        Set<String> expected = new TreeSet<>();
        replay.envoys().forEach((host, envoy) -> {
            if (!replay.allowsSeeding(host)) {
                envoy.seeds.keySet().forEach(sha -> expected.add(host + " " + sha));
            }
        });
        Set<String> view = refused.seeds().stream().map(s -> s.hostname() + " " + s.sha()).collect(Collectors.toCollection(TreeSet::new));
        for (String seed : expected) {
            if (!view.contains(seed)) {
                differences.add("refused seed " + seed + ": refused by the events, missing from the view");
            }
        }
        for (String seed : view) {
            if (!expected.contains(seed)) {
                differences.add("refused seed " + seed + ": in the view, not refused by the events");
            }
        }
    }

    private static void compareTasks(EventReplay replay, Map<String, TaskView> views, List<String> differences) {
        replay.tasks().forEach((id, task) -> {
            if (task.dispatched == null) {
                return; // assignments without their dispatch record: the app has no task to show either
            }
            TaskView view = views.get(id);
            String name = "task " + id + ": ";
            if (view == null) {
                differences.add(name + "dispatched by the events, missing from the view");
                return;
            }
            compare(differences, name + "targeted", task.dispatched.getTargeted(), view.targeted());
            Map<String, String> expected = new TreeMap<>();
            for (String host : task.targets) {
                EventReplay.Envoy envoy = replay.envoys().get(host);
                TaskOutcome outcome = envoy == null ? null : envoy.taskResults.get(id);
                expected.put(host, outcome == null ? "unfinished" : outcome.name().toLowerCase(java.util.Locale.ROOT));
            }
            Map<String, String> actual = new TreeMap<>();
            view.targets().forEach(t -> actual.put(t.hostname(),
                    unfinished(t.state()) ? "unfinished" : t.state().toString()));
            compare(differences, name + "targets", expected, actual);
            compare(differences, name + "done", expected.values().stream().filter("done"::equals).count(), (long) view.done());
            compare(differences, name + "failed", expected.values().stream().filter("failed"::equals).count(), (long) view.failed());
        });
    }

    private static void compareTotals(EventReplay replay, Map<String, EventReplay.Envoy> population, Map<String, String> entryStates,
            SwarmStatus status, List<String> differences) {
        compare(differences, "status.envoysTotal", (long) population.size(), status.envoysTotal());
        compare(differences, "status.fleetFootprintBytes",
                population.values().stream().mapToLong(EventReplay.Envoy::footprint).sum(), status.fleetFootprintBytes());
        long seeding = population.entrySet().stream().filter(e -> seeding(replay, e.getKey(), e.getValue(), entryStates) > 0).count();
        long active = population.entrySet().stream()
                .filter(e -> !e.getValue().peers.isEmpty() || seeding(replay, e.getKey(), e.getValue(), entryStates) > 0).count();
        compare(differences, "status.seedingEnvoys", seeding, status.seedingEnvoys());
        compare(differences, "status.substrateActive", active, status.substrateActive());
        compare(differences, "status.manifestActive", entryStates.values().stream().filter("active"::equals).count(), status.manifestActive());
        compare(differences, "status.manifestRevoked", entryStates.values().stream().filter("revoked"::equals).count(), status.manifestRevoked());
    }

    private static void compare(List<String> differences, String field, Object events, Object view) {
        if (!Objects.equals(events, view)) {
            differences.add(field + " events=" + events + " view=" + view);
        }
    }
}
