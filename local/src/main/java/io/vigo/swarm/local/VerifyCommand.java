package io.vigo.swarm.local;

import io.vigo.swarm.api.LocalEndpoints;
import io.vigo.swarm.api.Moments;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.local.verify.ApiViews;
import io.vigo.swarm.local.verify.EventReplay;
import io.vigo.swarm.local.verify.ViewComparison;
import io.vigo.swarm.topics.TopicCatalogue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/vigo verify}: recompute the views from the event topics and compare them with the API, at quiescence. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recompute the views (envoys, seeds, filecasts, refused seeds, tasks, totals) from the event topics (plain read_committed consumer) and compare with the API; exit 1 naming each difference.")
final class VerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR") Path dataDir;
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT") String bootstrapServers;
    @Option(names = "--registry-url", paramLabel = "URL") String registryUrl;
    @Option(names = "--api", paramLabel = "URL") String api;
    @Option(names = "--at", paramLabel = "TIME",
            description = "Compare the status as of a moment (yyyy-MM-dd HH:mm[:ss] local time, RFC 3339, or -2h) with a replay of the records up to it")
    String at;

    @Override
    public Integer call() throws Exception {
        if (bootstrapServers == null || registryUrl == null || api == null) {
            LocalEndpoints local = VigoMain.endpoints(this, dataDir != null ? dataDir : VigoMain.defaultDataDir());
            bootstrapServers = bootstrapServers != null ? bootstrapServers : local.kafka();
            registryUrl = registryUrl != null ? registryUrl : local.registry();
            api = api != null ? api : local.api();
        }
        VigoApiClient client = new VigoApiClient(URI.create(api), Duration.ofSeconds(30));
        if (at != null) {
            return verifyAt(client);
        }
        EventReplay replay = ProgressLine.around("verify: replaying the topics",
                line -> EventReplay.read(bootstrapServers, registryUrl, TopicCatalogue.load().names(), line::update));
        List<String> differences = ViewComparison.differences(replay, ApiViews.fetch(client, replay.tasks().keySet()));
        differences.forEach(System.out::println);
        System.out.println("verify: " + replay.envoys().size() + " envoys, " + replay.seededShas() + " seeded shas, "
                + replay.tasks().size() + " tasks replayed, " + replay.undecodable() + " undecodable record(s) skipped, " + differences.size() + " difference(s)");
        return differences.isEmpty() ? 0 : 1;
    }

    /** How many envoys' details {@code verify --at} compares, in hostname order. */
    private static final int ENVOYS_SHOWN = 1_000;

    /** The status, the peers and envoys' details as of a moment against a replay of the records up to it. */
    private int verifyAt(VigoApiClient client) {
        Instant moment;
        try {
            moment = Moments.parse(at, java.time.ZoneId.systemDefault(), Instant.now()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--at: " + e.getMessage());
        }
        SwarmStatus status = client.status(moment);
        EventReplay replay = ProgressLine.around("verify: replaying the topics",
                line -> EventReplay.read(bootstrapServers, registryUrl, TopicCatalogue.load().names(), moment.toEpochMilli(), line::update));
        List<String> differences = new java.util.ArrayList<>(ViewComparison.statusDifferences(replay, status, moment));
        int inStatus = differences.size();
        io.vigo.swarm.api.PeersPage peers = client.peers(io.vigo.swarm.api.PeerSort.HOSTNAME, 0, moment);
        differences.addAll(ViewComparison.peerDifferencesAt(replay, peers, moment));
        int inPeers = differences.size() - inStatus;
        // Each envoy's detail is one request: the first ENVOYS_SHOWN of the page (all of a small fleet).
        List<String> shown = peers.rows().stream().map(io.vigo.swarm.api.PeerRow::hostname).limit(ENVOYS_SHOWN).toList();
        for (String host : shown) {
            differences.addAll(ViewComparison.envoyDifferencesAt(replay, client.envoy(host, moment), moment));
        }
        int inEnvoys = differences.size() - inStatus - inPeers;
        differences.addAll(ViewComparison.entryDifferencesAt(replay, sha -> {
            try {
                return client.filecast(sha, moment);
            } catch (io.vigo.swarm.api.ApiException e) {
                if (e.status() == 404) {
                    return null;
                }
                throw e;
            }
        }));
        differences.forEach(System.out::println);
        System.out.println("verify: as of " + moment + ": " + replay.envoys().size() + " envoys replayed, " + replay.undecodable()
                + " undecodable record(s) skipped, " + inStatus + " difference(s) in the status, " + inPeers + " in the peers, "
                + inEnvoys + " in " + shown.size() + " envoys' details, " + (differences.size() - inStatus - inPeers - inEnvoys)
                + " in the manifest entries");
        return differences.isEmpty() ? 0 : 1;
    }
}
