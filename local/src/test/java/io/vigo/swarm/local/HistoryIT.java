package io.vigo.swarm.local;

import static io.vigo.swarm.local.FixtureCluster.cached;
import static io.vigo.swarm.local.FixtureCluster.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeerSort;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.events.Subsystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code swarm status --at} on a real broker, registry and streams app: at moments recorded while
 * the fleet changed, the as-of answer equals what the live answer said then; it still does after
 * a restart, and after the state is wiped and restored from the changelogs; moments outside the
 * horizon are one line and exit 2; {@code swarm history} is the same totals as a series.
 */
class HistoryIT {

    private static FixtureCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        cluster.answers.followSystemClock(); // an as-of moment must not be after the answer's own
        cluster.allowlist("vigoserver", "*.ci.example.com");
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void asOfAnswersEqualWhatTheLiveViewsSaidThenAcrossARestartAndARestore() throws Exception {
        SwarmStatus base = settled(s -> true); // what the other tests of this class left
        for (int i = 0; i < 6; i++) {
            String host = i == 0 ? "vigoserver" : "host" + i;
            cluster.checkIn(host);
            cluster.cache(host, cached(host, i, 1_000_000L), i == 0 ? List.of(seed("release", Subsystem.PAYLOAD)) : List.of());
        }
        cluster.flush();
        SwarmStatus first = settled(s -> s.envoysTotal() == base.envoysTotal() + 6 && s.manifestActive() == base.manifestActive() + 1
                && s.substrateActive() == base.substrateActive() + 6);
        PeersPage firstPeers = cluster.client().peers(PeerSort.HOSTNAME, 0);
        EnvoyDetail firstHost3 = cluster.client().envoy("host3");
        Instant t1 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // history's resolution

        // The fleet changes: a new envoy, a revoke, an envoy that stops swarming, a cache emptied.
        // t1 strictly before every record that follows: the clock past t1's millisecond first.
        Await.until("the clock past " + t1, Duration.ofSeconds(5), Instant::now, now -> now.isAfter(t1.plusMillis(1)));
        cluster.checkIn("host9");
        cluster.revoke(FixtureCluster.sha("release"));
        cluster.checkInSwarmDisabled("host2");
        cluster.cache("host3", List.of(), List.of());
        cluster.flush();
        SwarmStatus second = settled(s -> s.envoysTotal() == base.envoysTotal() + 6 && s.manifestRevoked() == base.manifestRevoked() + 1
                && s.seedingEnvoys() == base.seedingEnvoys() && s.substrateActive() == base.substrateActive() + 3);
        PeersPage secondPeers = cluster.client().peers(PeerSort.HOSTNAME, 0);
        EnvoyDetail secondHost3 = cluster.client().envoy("host3");
        Instant t2 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assertThat(without(second)).isNotEqualTo(without(first));
        assertThat(rows(secondPeers)).isNotEqualTo(rows(firstPeers));

        assertAsOf(t1, first);
        assertAsOf(t2, second);
        assertPeersAsOf(t1, firstPeers);
        assertPeersAsOf(t2, secondPeers);
        assertThat(secondHost3.blobs()).as("host3's cache was emptied between t1 and t2").isEmpty();
        assertEnvoyAsOf(t1, firstHost3);
        assertEnvoyAsOf(t2, secondHost3);
        for (Instant at : List.of(t1, t2)) {
            Process verify = new ProcessBuilder(CliRun.ROOT.resolve("bin/vigo").toString(), "verify", "--at", at.toString(),
                    "--bootstrap-servers", cluster.bootstrapServers(), "--registry-url", cluster.confluentRegistryUrl(), "--api", cluster.api())
                    .redirectErrorStream(true).start();
            String output = new String(verify.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(verify.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(verify.exitValue()).as(output).isZero();
            assertThat(output).contains("verify: as of " + at + ": ").contains(" 0 difference(s) in the status, 0 in the peers, 0 in ").contains(" envoys' details, 0 in the manifest entries");
        }

        // The same moment exported for analytics: a row per envoy of the events, the population's as the status counted it.
        java.nio.file.Path exported = cluster.dataDir().resolve("export-" + t1.toEpochMilli());
        CliRun export = CliRun.vigo("export", "--at", t1.toString(), "--format", "csv", "--out", exported.toString(),
                "--bootstrap-servers", cluster.bootstrapServers(), "--registry-url", cluster.confluentRegistryUrl());
        assertThat(export.exitCode()).as(export.stderr()).isZero();
        assertThat(export.stdout()).startsWith("export: as of " + t1 + " into ");
        List<String> envoys = Files.readAllLines(exported.resolve("envoys.csv"));
        assertThat(envoys.get(0)).startsWith("hostname,in_population,online,");
        assertThat(envoys.stream().skip(1).filter(line -> line.split(",")[1].equals("true")).count())
                .as("the population as of t1").isEqualTo(first.envoysTotal());
        assertThat(Files.readAllLines(exported.resolve("manifest_entries.csv"))).anyMatch(line -> line.startsWith(
                FixtureCluster.sha("release") + ",active,"));
        CliRun notEmpty = CliRun.vigo("export", "--at", t1.toString(), "--out", exported.toString(),
                "--bootstrap-servers", cluster.bootstrapServers(), "--registry-url", cluster.confluentRegistryUrl());
        assertThat(notEmpty.exitCode()).isEqualTo(2);
        assertThat(notEmpty.stderr()).contains("must be a new or empty directory");

        cluster.stopStreams();
        cluster.startStreams();
        assertAsOf(t1, first);
        assertAsOf(t2, second);

        cluster.stopStreams();
        try (var files = Files.walk(cluster.dataDir().resolve("streams"))) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
        cluster.startStreams(); // no local state: every store, history included, restored from its changelog
        assertAsOf(t1, first);
        assertAsOf(t2, second);
        assertPeersAsOf(t1, firstPeers);
        assertPeersAsOf(t2, secondPeers);
        assertEnvoyAsOf(t1, firstHost3);
    }

    @Test
    void momentsOutsideTheHorizonAreOneLineAndExit2() {
        CliRun future = vigocli("swarm", "status", "--at", Instant.now().plus(Duration.ofHours(1)).toString());
        assertThat(future.exitCode()).isEqualTo(2);
        assertThat(future.stderr()).startsWith("vigocli: at ").contains("is in the future").hasLineCount(1);

        CliRun tooOld = vigocli("swarm", "status", "--at", "-8d");
        assertThat(tooOld.exitCode()).isEqualTo(2);
        assertThat(tooOld.stderr()).contains("is outside the history horizon of 7 days").hasLineCount(1);

        CliRun garbage = vigocli("swarm", "status", "--at", "yesterday-ish");
        assertThat(garbage.exitCode()).isEqualTo(2);
        assertThat(garbage.stderr()).isEqualTo("vigocli: --at: \"yesterday-ish\" is not a moment: use yyyy-MM-dd HH:mm[:ss], "
                + "RFC 3339 (2026-12-05T09:30:00Z) or relative (-30m, -2h, -3d)\n");
    }

    @Test
    void theHistorySeriesEndsWithTheLiveTotals() throws Exception {
        SwarmStatus live = settled(s -> true);
        CliRun json = vigocli("swarm", "history", "--since", "10m", "--step", "1m", "--json");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode points = Json.mapper().readTree(json.stdout()).get("points");
        assertThat(points).hasSize(11);
        JsonNode last = points.get(points.size() - 1);
        assertThat(last.get("envoysTotal").asLong()).isLessThanOrEqualTo(live.envoysTotal());

        CliRun text = vigocli("swarm", "history", "--since", "10m", "--step", "1m");
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).startsWith("Swarm history — generated ").contains("every 1m")
                .contains("AT", "ONLINE", "ENVOYS", "SUBSTRATE", "SEEDING", "FOOTPRINT", "ENTRIES", "REVOKED")
                .contains("Online").contains("Fleet footprint");

        CliRun tooMany = vigocli("swarm", "history", "--since", "2d", "--step", "1m");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.stderr()).contains("at most 1000").hasLineCount(1);
    }

    @Test
    void anEnvoysHistoryListsItsChangesInOrder() throws Exception {
        cluster.checkIn("timeline-a");
        cluster.flush();
        Await.until("timeline-a known", Duration.ofSeconds(60), () -> cluster.client().status(), s -> s.inputLagRecords() == 0);
        cluster.cache("timeline-a", cached("timeline-a", 2, 5_000L), List.of());
        cluster.publishOperator("timeline-a", new io.vigo.swarm.events.EnvoyTagged("timeline-a", "team", "ops", "it", Instant.now()));
        cluster.flush();
        JsonNode changes = Await.until("its changes", Duration.ofSeconds(60), () -> {
            CliRun json = vigocli("envoys", "history", "timeline-a", "--since", "10m", "--json");
            try {
                return json.exitCode() == 0 ? Json.mapper().readTree(json.stdout()).get("changes") : null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, c -> c != null && c.size() == 4);
        assertThat(changes.findValuesAsText("kind")).containsExactly("online", "cached", "cached", "tagged");
        assertThat(changes.get(1).get("detail").asText()).isEqualTo("5000");

        CliRun text = vigocli("envoys", "history", "timeline-a");
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).startsWith("Envoy timeline-a — history since ").contains("AT", "CHANGE", "SUBJECT", "DETAIL")
                .contains("online").contains("5.0 kB").contains("tagged");

        CliRun unknown = vigocli("envoys", "history", "nobody-here");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).isEqualTo("vigocli: no envoy named nobody-here is known\n");
        CliRun badSince = vigocli("envoys", "history", "timeline-a", "--since", "yesterday");
        assertThat(badSince.exitCode()).isEqualTo(2);
        assertThat(badSince.stderr()).hasLineCount(1).contains("--since");
    }

    @Test
    void aFilecastsHistoryCountsItsHoldersAndSaysWhenItReachedItsTargets() throws Exception {
        cluster.checkIn("spread-seeder.ci.example.com");
        cluster.cache("spread-seeder.ci.example.com", List.of(), List.of(seed("spread.tar", Subsystem.PAYLOAD)));
        cluster.flush();
        Await.until("the entry published", Duration.ofSeconds(60), () -> cluster.client().filecasts().entries(),
                entries -> entries.stream().anyMatch(e -> e.label().equals("spread.tar")));
        String sha = FixtureCluster.sha("spread.tar");
        Instant published = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Await.until("the clock past " + published, Duration.ofSeconds(5), Instant::now, now -> now.isAfter(published.plusMillis(1)));
        cluster.cache("spread-seeder.ci.example.com", List.of(new io.vigo.swarm.events.PeerEntry(sha, io.vigo.swarm.events.PeerState.CACHED, 10_000_000L)),
                List.of(seed("spread.tar", Subsystem.PAYLOAD)));
        cluster.flush();

        JsonNode history = Await.until("a holder", Duration.ofSeconds(60), () -> {
            CliRun json = vigocli("swarm", "filecast", "history", "spread.tar", "--since", "10m", "--step", "1m", "--json");
            try {
                return json.exitCode() == 0 ? Json.mapper().readTree(json.stdout()) : null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, h -> h != null && h.get("points").get(h.get("points").size() - 1).get("holders").asLong() == 1);
        assertThat(history.get("points")).hasSize(11);
        assertThat(history.get("points").get(0).get("holders").asLong()).as("ten minutes ago").isZero();
        long targets = history.get("targets").asLong();
        assertThat(targets).as("the population the entry's target '*' picks").isPositive();
        assertThat(history.get("reached").get("half").isNull()).as("1 of %d", targets).isEqualTo(targets > 2);

        // The README's analytics example computes the same from the raw events, outside the JVM.
        Process python = new ProcessBuilder("/usr/bin/python3", CliRun.ROOT.resolve("docs/analytics/filecast_spread.py").toString(),
                "--bootstrap", cluster.bootstrapServers(), "--registry", cluster.confluentRegistryUrl(), "--sha", sha,
                "--prefix", FixtureCluster.TOPICS.prefix(), "--targets", String.valueOf(targets)).redirectErrorStream(true).start();
        String printed = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(python.waitFor(150, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(printed).isZero();
        JsonNode summary = Json.mapper().readTree(printed.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(summary.get("holders").asLong()).as(printed).isEqualTo(1);
        for (String milestone : List.of("half", "ninetyPercent", "all")) {
            JsonNode byEvents = summary.get("reached").get(milestone);
            JsonNode byApi = history.get("reached").get(milestone);
            assertThat(byEvents.isNull()).as(milestone).isEqualTo(byApi.isNull());
            if (!byApi.isNull()) {
                assertThat(Instant.parse(byEvents.asText())).as(milestone).isEqualTo(Instant.parse(byApi.asText()));
            }
        }

        CliRun text = vigocli("swarm", "filecast", "history", "spread.tar", "--since", "10m", "--step", "1m");
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).startsWith("Filecast " + sha.substring(0, 12) + " (spread.tar) — history").contains("Reached 50 %")
                .contains("HOLDERS").contains("DOWNLOADERS");

        // swarm filecast show, now and as of moments before the holder came and before the revoke.
        Instant held = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Await.until("the clock past " + held, Duration.ofSeconds(5), Instant::now, now -> now.isAfter(held.plusMillis(1)));
        cluster.revoke(sha);
        cluster.flush();
        JsonNode revoked = Await.until("revoked", Duration.ofSeconds(60), () -> showJson("spread.tar"),
                shown -> shown != null && shown.get("entry").get("state").asText().equals("revoked"));
        assertThat(revoked.get("holders").asLong()).isEqualTo(1);
        JsonNode beforeHolder = showJson(sha, "--at", published.toString());
        assertThat(beforeHolder.get("entry").get("asOf").asText()).isEqualTo(published.toString());
        assertThat(beforeHolder.get("entry").get("state").asText()).isEqualTo("active");
        assertThat(beforeHolder.get("entry").get("seeders").asLong()).isEqualTo(1);
        assertThat(beforeHolder.get("holders").asLong()).isZero();
        JsonNode beforeRevoke = showJson(sha, "--at", held.toString());
        assertThat(beforeRevoke.get("entry").get("state").asText()).isEqualTo("active");
        assertThat(beforeRevoke.get("holders").asLong()).isEqualTo(1);
        CliRun shown = vigocli("swarm", "filecast", "show", "spread.tar", "--at", held.toString());
        assertThat(shown.exitCode()).as(shown.stderr()).isZero();
        assertThat(shown.stdout()).startsWith("Filecast " + sha.substring(0, 12) + " (spread.tar) — as of ").contains("HOLDERS");
    }

    private static JsonNode showJson(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("swarm", "filecast", "show"));
        all.addAll(List.of(args));
        all.add("--json");
        CliRun json = vigocli(all.toArray(String[]::new));
        try {
            return json.exitCode() == 0 ? Json.mapper().readTree(json.stdout()) : null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The live answer once it stops changing and says {@code settled}. */
    private static SwarmStatus settled(java.util.function.Predicate<SwarmStatus> settled) {
        return Await.until("the live status settled", Duration.ofSeconds(60), () -> cluster.client().status(),
                s -> s.complete() && s.inputLagRecords() == 0 && settled.test(s));
    }

    private static void assertAsOf(Instant at, SwarmStatus live) throws Exception {
        Object answer = Await.until("an as-of answer", Duration.ofSeconds(90), () -> {
            try {
                return cluster.client().status(at);
            } catch (io.vigo.swarm.api.ApiException e) {
                return e.getMessage(); // restoring: 503
            }
        }, s -> s instanceof SwarmStatus status && status.complete());
        SwarmStatus asOf = (SwarmStatus) answer;
        assertThat(asOf.asOf()).isEqualTo(at);
        assertThat(without(asOf)).as("as of %s", at).isEqualTo(without(live));

        CliRun cli = vigocli("swarm", "status", "--at", at.toString(), "--json");
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(without(Json.mapper().readValue(cli.stdout(), SwarmStatus.class))).isEqualTo(without(live));
        CliRun text = vigocli("swarm", "status", "--at", at.toString());
        assertThat(text.stdout().lines().findFirst().orElseThrow()).startsWith("Swarm substrate — as of ");
    }

    /**
     * The peers as of a moment list what the live page listed then. Status is left to verify --at,
     * which judges it by the rule at the moment; the live page shows what the sweep decided.
     */
    private static void assertPeersAsOf(Instant at, PeersPage live) throws Exception {
        Object answer = Await.until("an as-of peers page", Duration.ofSeconds(90), () -> {
            try {
                return cluster.client().peers(PeerSort.HOSTNAME, 0, at);
            } catch (io.vigo.swarm.api.ApiException e) {
                return e.getMessage(); // restoring: 503
            }
        }, p -> p instanceof PeersPage page && page.complete());
        PeersPage asOf = (PeersPage) answer;
        assertThat(asOf.asOf()).isEqualTo(at);
        assertThat(asOf.total()).isEqualTo(live.total());
        assertThat(rows(asOf)).as("peers as of %s", at).isEqualTo(rows(live));

        CliRun text = vigocli("swarm", "peers", "--sort", "hostname", "--limit", "0", "--at", at.toString());
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout().lines().findFirst().orElseThrow()).startsWith("Swarm peers — as of ");
        live.rows().forEach(row -> assertThat(text.stdout()).contains(row.hostname()));
    }

    /** {@code envoys show --at}: the envoy as the live detail showed it then (status left to verify --at, as above). */
    private static void assertEnvoyAsOf(Instant at, EnvoyDetail live) throws Exception {
        Object answer = Await.until("an as-of envoy", Duration.ofSeconds(90), () -> {
            try {
                return cluster.client().envoy(live.hostname(), at);
            } catch (io.vigo.swarm.api.ApiException e) {
                return e.getMessage(); // restoring: 503
            }
        }, d -> d instanceof EnvoyDetail);
        EnvoyDetail asOf = (EnvoyDetail) answer;
        assertThat(asOf.asOf()).isEqualTo(at);
        assertThat(content(asOf)).as("%s as of %s", live.hostname(), at).isEqualTo(content(live));

        CliRun text = vigocli("envoys", "show", live.hostname(), "--at", at.toString());
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout().lines().findFirst().orElseThrow()).startsWith("Envoy " + live.hostname() + " — as of ");
    }

    private static JsonNode content(EnvoyDetail detail) {
        ObjectNode node = Json.mapper().valueToTree(detail);
        for (String field : List.of("generatedAt", "asOf", "inputLagRecords", "status")) {
            node.remove(field);
        }
        return node;
    }

    private static List<PeerRow> rows(PeersPage page) {
        return page.rows().stream().map(r -> new PeerRow(r.hostname(), null, r.substrate(), r.seeding(), r.cached(), r.downloading(),
                r.footprintBytes(), r.lastSeen(), r.resolvedColor(), r.colorPinned())).toList();
    }

    /** An answer's content: what it says about the fleet, not when or how it was asked. */
    private static JsonNode without(SwarmStatus status) {
        ObjectNode node = Json.mapper().valueToTree(status);
        for (String field : List.of("generatedAt", "asOf", "inputLagRecords", "deadLetters")) {
            node.remove(field);
        }
        return node;
    }

    private static CliRun vigocli(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--server", cluster.api()));
        return CliRun.vigocli(Map.of(), all.toArray(String[]::new));
    }
}
