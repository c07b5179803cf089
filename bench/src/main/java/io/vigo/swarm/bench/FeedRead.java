package io.vigo.swarm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What a {@code /swarm} page receives when it connects: the time from opening the live feed until
 * the last part of its first {@code marks} patch (the whole fleet) has arrived, and how many rows
 * that patch held. A fleet-sized read like {@code swarm peers --limit 0}, over the event stream.
 */
final class FeedRead {

    record Reset(double millis, long rows) {
    }

    /** Connects, reads the whole fleet, disconnects. */
    Reset wholeFleet(URI api, Duration deadline) throws IOException {
        long start = System.nanoTime();
        // A read timeout of its own: a feed that stops sending mid-patch would otherwise block a
        // read for good, past any deadline checked between lines (at 300,000 envoys one did).
        HttpURLConnection connection = (HttpURLConnection) api.resolve("/api/v1/swarm/live").toURL().openConnection();
        connection.setRequestProperty("Accept", "text/event-stream"); // without it the server answers an empty 200
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout((int) deadline.toMillis());
        try {
            // Asked before the body: the connection refuses to open the body of an error answer.
            if (connection.getResponseCode() != 200) {
                throw new IOException("the live feed answered " + connection.getResponseCode());
            }
            try (InputStream body = connection.getInputStream();
                 BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                return firstPatch(lines, start, deadline);
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new IOException("the live feed sent nothing for " + deadline.toSeconds() + " s", e);
        } finally {
            connection.disconnect();
        }
    }

    /** Reads events until the last part of the first {@code marks} patch. */
    private static Reset firstPatch(BufferedReader lines, long start, Duration deadline) throws IOException {
        long rows = 0;
        String event = "message";
        StringBuilder data = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (System.nanoTime() - start > deadline.toNanos()) {
                throw new IOException("the live feed sent no whole fleet within " + deadline.toSeconds() + " s");
            }
            if (line.startsWith("event:")) {
                event = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                data.append(line, "data:".length(), line.length()).append('\n');
            } else if (line.isEmpty()) { // the end of an event
                if (event.equals("marks")) {
                    JsonNode part = Json.mapper().readTree(data.toString());
                    if (!part.path("reset").asBoolean()) {
                        throw new IOException("the live feed's first patch is not a reset");
                    }
                    rows += part.path("upsert").size();
                    if (!part.path("more").asBoolean()) {
                        return new Reset((System.nanoTime() - start) / 1e6, rows);
                    }
                }
                event = "message";
                data.setLength(0);
            }
        }
        throw new IOException("the live feed closed before the whole fleet arrived");
    }
}
