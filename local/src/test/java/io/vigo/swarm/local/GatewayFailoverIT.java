package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.EnvoyStatus;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeerSort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes ({@code bin/vigo gateway}), two real agents given both, and a curl-only
 * host: one gateway is killed with SIGKILL mid-run, later started again while the other is killed.
 * The agents move on, their cache changes and task results arrive, and {@code bin/vigo verify}
 * finds the views equal to the events: nothing was lost.
 */
class GatewayFailoverIT {

    private static FixtureCluster cluster;
    private static Path work;
    private static final List<Process> processes = new ArrayList<>();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        cluster.allowlist("vigoserver");
        cluster.writeEndpoints();
        work = Files.createTempDirectory("vigo-failover-it");
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        cluster.close();
        try (var logs = Files.list(work)) {
            // Into the test's output file, for whoever reads a failure.
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                System.out.println("---- " + log.getFileName() + "\n" + Files.readString(log));
            }
        }
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void agentsMoveToTheOtherGatewayWhenOneIsKilledAndNothingIsLost() throws Exception {
        int port1 = Ports.free();
        int port2 = Ports.free();
        String g1 = "http://127.0.0.1:" + port1;
        String g2 = "http://127.0.0.1:" + port2;
        Process gateway1 = gateway(port1);
        Process gateway2 = gateway(port2);
        awaitReady(g1);
        awaitReady(g2);

        Path cache1 = cache("fo-agent-1", 1);
        Path cache2 = cache("fo-agent-2", 1);
        Process agent1 = agent("fo-agent-1", cache1, g1 + "," + g2);
        Process agent2 = agent("fo-agent-2", cache2, g2 + "," + g1);
        curlHost("fo-curl", g1, g2);
        awaitPeer("fo-agent-1", 1);
        awaitPeer("fo-agent-2", 1);
        PeerRow curl = awaitPeer("fo-curl", 0);

        gateway1.destroyForcibly(); // SIGKILL
        assertThat(gateway1.waitFor(10, TimeUnit.SECONDS)).isTrue();
        blob(cache1, 2);
        blob(cache2, 2);
        CliRun dispatched = CliRun.vigocli(Map.of("VIGO_DATA_DIR", cluster.dataDir().toString()), "swarm", "cleanup", "--target", "fo-agent-*",
                "--server", cluster.api());
        assertThat(dispatched.exitCode()).as(dispatched.stderr()).isZero();
        String taskId = dispatched.stdout().lines().reduce((a, b) -> b).orElseThrow().replace("  vigocli task status ", "");
        awaitPeer("fo-agent-1", 2);
        awaitPeer("fo-agent-2", 2);
        CliRun status = CliRun.vigocli(Map.of(), "task", "status", taskId, "--wait", "--timeout", "60s", "--json", "--server", cluster.api());
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        for (JsonNode target : Json.mapper().readTree(status.stdout()).get("targets")) {
            assertThat(target.get("state").asText()).as(target.toString()).isEqualTo("done");
        }
        Await.until("the curl host checking in through the other gateway", Duration.ofSeconds(30), () -> peer("fo-curl"),
                row -> row.isPresent() && row.get().lastSeen().isAfter(curl.lastSeen()));

        // The first gateway back (same port), the second killed: the agents move back.
        Process restarted = gateway(port1);
        awaitReady(g1);
        gateway2.destroyForcibly();
        assertThat(gateway2.waitFor(10, TimeUnit.SECONDS)).isTrue();
        blob(cache1, 3);
        blob(cache2, 3);
        awaitPeer("fo-agent-1", 3);
        awaitPeer("fo-agent-2", 3);

        // Quiescence: the agents and the curl host stop; the agents' envoys go offline by the rule.
        for (Process process : processes) {
            if (process != restarted) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        Await.until("the agents offline", Duration.ofSeconds(30), () -> List.of(peer("fo-agent-1"), peer("fo-agent-2")),
                rows -> rows.stream().allMatch(r -> r.isPresent() && r.get().status() == EnvoyStatus.OFFLINE));
        Process verify = new ProcessBuilder(CliRun.ROOT.resolve("bin/vigo").toString(), "verify", "--data-dir", cluster.dataDir().toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(output).isZero();
        assertThat(output).contains("0 difference(s)");
        assertThat(Files.readString(work.resolve("fo-agent-1.log"))).as("the agent said when it could not deliver")
                .doesNotContain(cluster.enrolSecret());
    }

    private static Process gateway(int port) throws IOException {
        return spawn("gateway-" + port, List.of(CliRun.ROOT.resolve("bin/vigo").toString(), "gateway", "--data-dir", cluster.dataDir().toString(),
                "--port", String.valueOf(port)));
    }

    private static Process agent(String host, Path cache, String gateways) throws IOException {
        return spawn(host, List.of(CliRun.ROOT.resolve("bin/vigo").toString(), "envoy", "--hostname", host, "--cache-root", cache.toString(),
                "--interval", "1s", "--gateway", gateways, "--enrol-secret-file", cluster.dataDir().resolve(LocalSecrets.ENROL_SECRET).toString()));
    }

    /** A host with nothing but curl: enrols, then checks in every second through whichever gateway answers. */
    private static void curlHost(String host, String g1, String g2) throws IOException {
        String script = String.join("\n",
                "enrol() { curl -fsS -X POST \"$1/envoy/v1/enrol\" -H \"Authorization: Bearer $ENROL_SECRET\" -H 'Content-Type: application/json' \\",
                "  -d '{\"hostname\": \"" + host + "\"}' | sed -n 's/.*\"key\" *: *\"\\([^\"]*\\)\".*/\\1/p'; }",
                "KEY=$(enrol \"$G1\" || enrol \"$G2\")",
                "EPOCH=$(date +%s%3N); SEQ=0",
                "while true; do",
                "  SEQ=$((SEQ + 1))",
                "  BODY='{\"hostname\": \"" + host + "\", \"agentVersion\": \"curl\", \"intervalMs\": 60000, \"swarmEnabled\": true, "
                        + "\"agentClock\": \"'$(date -u +%Y-%m-%dT%H:%M:%SZ)'\", \"agentEpoch\": '$EPOCH', \"sequence\": '$SEQ'}'",
                "  for G in \"$G1\" \"$G2\"; do",
                "    curl -fsS -X POST \"$G/envoy/v1/checkin\" -H \"Authorization: Bearer $KEY\" -H 'Content-Type: application/json' -d \"$BODY\" && break",
                "  done",
                "  sleep 1",
                "done");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script);
        bash.environment().putAll(Map.of("G1", g1, "G2", g2, "ENROL_SECRET", cluster.enrolSecret()));
        processes.add(bash.redirectErrorStream(true).redirectOutput(work.resolve(host + ".log").toFile()).start());
    }

    private static Process spawn(String name, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile())).start();
        processes.add(process);
        return process;
    }

    private static Path cache(String host, int blobs) throws IOException {
        Path cache = Files.createDirectories(work.resolve(host));
        Files.createDirectories(cache.resolve(".blobs"));
        for (int i = 1; i <= blobs; i++) {
            blob(cache, i);
        }
        return cache;
    }

    private static void blob(Path cache, int n) throws IOException {
        Files.writeString(cache.resolve(".blobs").resolve(String.format("%064x", n)), "blob " + n);
    }

    private static void awaitReady(String gateway) {
        Await.until(gateway + " ready", Duration.ofSeconds(60), () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(gateway + "/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException | InterruptedException e) {
                return -1;
            }
        }, code -> code == 200);
    }

    private static PeerRow awaitPeer(String host, long cached) throws IOException {
        try {
            return Await.until(host + " online with " + cached + " cached", Duration.ofSeconds(60), () -> peer(host),
                    row -> row.isPresent() && row.get().cached() == cached && row.get().status() == EnvoyStatus.ONLINE).orElseThrow();
        } catch (AssertionError e) {
            // What the host and the gateways said, in the failure itself: CI shows the failure, not always the output.
            StringBuilder logs = new StringBuilder(e.getMessage());
            try (var files = Files.list(work)) {
                for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                    String text = Files.readString(log);
                    logs.append("\n---- ").append(log.getFileName()).append(" (last 2,000 characters)\n")
                            .append(text.substring(Math.max(0, text.length() - 2_000)));
                }
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    private static Optional<PeerRow> peer(String host) {
        return cluster.client().peers(PeerSort.HOSTNAME, 0).rows().stream().filter(r -> r.hostname().equals(host)).findFirst();
    }
}
