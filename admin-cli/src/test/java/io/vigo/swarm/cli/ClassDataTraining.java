package io.vigo.swarm.cli;

import com.sun.net.httpserver.HttpServer;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.PeersPage;
import io.vigo.swarm.api.RefusedSeeds;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.cli.render.SwarmViews;
import io.vigo.swarm.cli.render.Terminal;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The training run bin/vigocli makes once after a build, its loaded classes listed for the CLI's
 * class-data archive: it walks the same code as real commands on made-up answers — a command line
 * parsed, JSON in and out, rendering, and the HTTP client's success path (against a throwaway
 * local server) and error path — so the archive serves every later run. Prints nothing. Kept with
 * the tests (target/test-classes), so it never ships with the operator CLI's classes.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws Exception {
        List<String> typical = List.of("swarm", "status", "--server", "http://127.0.0.1:1", "--json");
        VigoCli.COMMANDS.commandLine(typical).parseArgs(typical.toArray(String[]::new));
        VigoCli.COMMANDS.commandLine(List.of()); // the whole tree, as help builds it

        Instant now = Instant.parse("2026-04-23T18:24:11Z");
        SwarmStatus status = new SwarmStatus(now, true, 0, 7, 7, 5, 2, 482_000_000L, 12, 3, 8, 4,
                new SwarmStatus.SeedingAllowlist("vigoserver", List.of("*.ci.example.com")), 0, null);
        PeersPage peers = new PeersPage(now, true, 0, io.vigo.swarm.api.PeerSort.FOOTPRINT, 50, 1, List.of(
                new PeerRow("danlap", io.vigo.swarm.api.EnvoyStatus.ONLINE, io.vigo.swarm.api.Substrate.ACTIVE, 2, 14, 0, 312_000_000L, now, "#a6e3a1", false)), null);
        RefusedSeeds refused = new RefusedSeeds(now, true, 0, List.of(
                new RefusedSeeds.RefusedSeed("danlap", "0".repeat(64), "video", "payload", 1L)));
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        SwarmViews views = new SwarmViews(new Terminal(sink, sink, false, ZoneId.systemDefault()));
        sink.print(views.peers(Json.mapper().readValue(Json.mapper().writeValueAsString(peers), PeersPage.class)));
        sink.print(views.refused(Json.mapper().readValue(Json.mapper().writeValueAsString(refused), RefusedSeeds.class)));

        byte[] answer = Json.mapper().writeValueAsBytes(status);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            URI local = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            sink.print(views.status(new VigoApiClient(local, Duration.ofSeconds(5)).status()));
        } finally {
            server.stop(0);
        }
        try {
            new VigoApiClient(URI.create("http://127.0.0.1:1"), Duration.ofMillis(200)).status();
        } catch (io.vigo.swarm.api.ApiException expected) {
            // nothing listens there: the error path is part of what real runs load
        }
    }
}
