package io.vigo.swarm.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The local system's secrets, each 32 random bytes generated once into the data dir, readable by
 * its owner only, never printed: the operator token (vigocli on the same machine reads it from
 * there), the instance token the streams-app instances (and the gateway) present to each other,
 * the fleet's enrolment secret (an agent on the same machine reads it from there) and the secret
 * the gateway signs envoy keys with.
 */
final class LocalSecrets {

    static final String OPERATOR_TOKEN = "operator.token";
    static final String INSTANCE_TOKEN = "instance.token";
    static final String ENROL_SECRET = io.vigo.swarm.api.LocalEndpoints.ENROL_SECRET;
    static final String GATEWAY_SIGNING_SECRET = "gateway-signing.secret";

    private LocalSecrets() {
    }

    /**
     * The secret's file in {@code dataDir}, created on first use. Processes started together (two
     * gateways of one data dir) may both find it missing: the file appears whole, by a hard link
     * that fails if another process made it first, and then everyone uses that one. (A rename
     * would replace it, leaving the first process holding a secret no file has.)
     */
    static Path ensure(Path dataDir, String name) throws IOException {
        Path file = dataDir.resolve(name);
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path temp = Files.createTempFile(dataDir, name, ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, HexFormat.of().formatHex(secret) + "\n");
                Files.createLink(file, temp);
            } catch (java.nio.file.FileAlreadyExistsException madeMeanwhile) {
                // another process's secret stands
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
