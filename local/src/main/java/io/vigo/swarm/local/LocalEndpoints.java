package io.vigo.swarm.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The addresses a running `bin/vigo up` wrote into its data dir's endpoints.json. */
record LocalEndpoints(String kafka, String registry, String api) {

    static final String FILE = "endpoints.json";

    /** Reads them, or explains how to get a local system when there is none. */
    static LocalEndpoints read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + file + ": start the local system with `bin/vigo up --data-dir " + dataDir
                    + "`, or give the addresses (--bootstrap-servers, --registry-url, --api)");
        }
        JsonNode node = Json.mapper().readTree(file.toFile());
        return new LocalEndpoints(node.get("kafka").asText(), node.get("registry").asText(), node.get("api").asText());
    }
}
