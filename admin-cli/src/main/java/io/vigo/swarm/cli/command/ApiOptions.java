package io.vigo.swarm.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.VigoApiClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Which API to call: {@code --server}, else {@code VIGO_SERVER}, else the local system that
 * {@code bin/vigo up} started (its {@code endpoints.json} in the data dir).
 */
public final class ApiOptions {

    public static final String START_HINT = "start the local system with `bin/vigo up`, or point --server / VIGO_SERVER at a running one";

    @Option(names = "--server", paramLabel = "URL", description = "API base URL, e.g. http://127.0.0.1:8080 (default: $VIGO_SERVER, else the local system)")
    String server;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data dir of the local system (default: $VIGO_DATA_DIR, else ~/.vigo)")
    Path dataDir;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Operator token for writes (default: $VIGO_TOKEN, else <data-dir>/operator.token)")
    Path tokenFile;

    public VigoApiClient client() {
        return new VigoApiClient(serverUri(), Duration.ofSeconds(10));
    }

    /** A client for writes: it carries the operator token, and waits longer (writes return once the views show them). */
    public VigoApiClient writingClient() {
        return new VigoApiClient(serverUri(), Duration.ofSeconds(30), token());
    }

    private String token() {
        if (tokenFile != null) {
            return readToken(tokenFile);
        }
        String fromEnv = System.getenv("VIGO_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        Path local = (dataDir != null ? dataDir : defaultDataDir()).resolve("operator.token");
        if (Files.isRegularFile(local)) {
            return readToken(local);
        }
        throw new UsageException("writes need the operator token: pass --token-file FILE or set VIGO_TOKEN (no " + local + " here)");
    }

    private static String readToken(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UsageException("cannot read the token file " + file + ": " + e.getMessage());
        }
    }

    URI serverUri() {
        String chosen = server != null ? server : System.getenv("VIGO_SERVER");
        if (chosen == null || chosen.isBlank()) {
            chosen = localApi();
        }
        try {
            URI uri = URI.create(chosen.trim());
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server \"" + chosen + "\" is not an http(s) URL like http://127.0.0.1:8080");
        }
    }

    private String localApi() {
        Path dir = dataDir != null ? dataDir : defaultDataDir();
        Path endpoints = dir.resolve("endpoints.json");
        if (!Files.isRegularFile(endpoints)) {
            throw new ApiException("no local system found (" + endpoints + " is missing); " + START_HINT, 0, true);
        }
        try {
            JsonNode api = Json.mapper().readTree(endpoints.toFile()).get("api");
            if (api == null || !api.isTextual()) {
                throw new ApiException(endpoints + " has no \"api\" URL; " + START_HINT, 0, true);
            }
            return api.asText();
        } catch (IOException e) {
            throw new ApiException("cannot read " + endpoints + ": " + e.getMessage(), 0, true);
        }
    }

    static Path defaultDataDir() {
        String fromEnv = System.getenv("VIGO_DATA_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(System.getProperty("user.home"), ".vigo");
    }
}
