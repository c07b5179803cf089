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
 * there) and the instance token the streams-app instances present to each other.
 */
final class LocalSecrets {

    static final String OPERATOR_TOKEN = "operator.token";
    static final String INSTANCE_TOKEN = "instance.token";

    private LocalSecrets() {
    }

    /** The secret's file in {@code dataDir}, created on first use. */
    static Path ensure(Path dataDir, String name) throws IOException {
        Path file = dataDir.resolve(name);
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path temp = Files.createTempFile(dataDir, name, ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, HexFormat.of().formatHex(secret) + "\n");
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
