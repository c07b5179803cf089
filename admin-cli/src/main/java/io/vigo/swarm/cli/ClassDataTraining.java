package io.vigo.swarm.cli;

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
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * A hidden command bin/vigocli runs once after a build, with class-data sharing recording: it
 * walks the same code as real commands (JSON in and out, rendering, the HTTP client) on made-up
 * answers, so the recorded archive serves every later run. Prints nothing.
 */
@Command(name = "_cds-training", hidden = true)
final class ClassDataTraining implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        VigoCli.COMMANDS.commandLine(List.of()); // the run itself built only this command
        Instant now = Instant.parse("2026-04-23T18:24:11Z");
        SwarmStatus status = new SwarmStatus(now, true, 0, 7, 7, 5, 2, 482_000_000L, 12, 3, 8, 4,
                new SwarmStatus.SeedingAllowlist("vigoserver", List.of("*.ci.example.com")), 0);
        PeersPage peers = new PeersPage(now, true, 0, "footprint", 50, 1, List.of(
                new PeerRow("danlap", "online", "active", 2, 14, 0, 312_000_000L, now, "#a6e3a1", false)));
        RefusedSeeds refused = new RefusedSeeds(now, true, 0, List.of(
                new RefusedSeeds.RefusedSeed("danlap", "0".repeat(64), "video", "payload", 1L)));
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        SwarmViews views = new SwarmViews(new Terminal(sink, sink, false, ZoneId.systemDefault()));
        sink.print(views.status(Json.mapper().readValue(Json.mapper().writeValueAsString(status), SwarmStatus.class)));
        sink.print(views.peers(Json.mapper().readValue(Json.mapper().writeValueAsString(peers), PeersPage.class)));
        sink.print(views.refused(Json.mapper().readValue(Json.mapper().writeValueAsString(refused), RefusedSeeds.class)));
        VigoApiClient client = new VigoApiClient(URI.create("http://127.0.0.1:1"), Duration.ofMillis(200));
        HttpRequest.newBuilder(client.server()).GET().build();
        try {
            client.status();
        } catch (io.vigo.swarm.api.ApiException expected) {
            // nothing listens there: the error path is part of what real runs load
        }
        return VigoCli.OK;
    }
}
