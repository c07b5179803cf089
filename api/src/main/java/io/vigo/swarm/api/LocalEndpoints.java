package io.vigo.swarm.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The addresses a running `bin/vigo up` writes into its data dir's endpoints.json, which the CLI,
 * the agent and the other verbs on the same machine read when given no addresses.
 */
public record LocalEndpoints(String kafka, String registry, String api, String gateway) {

    public static final String FILE = "endpoints.json";
    /** The fleet's enrolment secret of a local system, in its data dir (owner-readable). */
    public static final String ENROL_SECRET = "enrol.secret";

    /** The data dir of the local system: {@code $VIGO_DATA_DIR}, else {@code ~/.vigo}. */
    public static Path defaultDataDir() {
        String fromEnv = System.getenv("VIGO_DATA_DIR");
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : Path.of(System.getProperty("user.home"), ".vigo");
    }

    /** Reads them; {@link IllegalArgumentException} explaining how to get a local system when there is none. */
    public static LocalEndpoints read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + file + ": start the local system with `bin/vigo up --data-dir " + dataDir
                    + "`, or give the addresses (--bootstrap-servers, --registry-url, --api)");
        }
        JsonNode node = Json.mapper().readTree(file.toFile());
        return new LocalEndpoints(node.path("kafka").asText(), node.path("registry").asText(), node.path("api").asText(),
                node.path("gateway").asText());
    }
}
