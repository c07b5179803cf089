package io.vigo.swarm.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The local system's operator token: 32 random bytes, generated once into the data dir, readable
 * by its owner only. vigocli on the same machine reads it from there; it is never printed.
 */
final class OperatorToken {

    static final String FILE = "operator.token";

    private OperatorToken() {
    }

    static Path ensure(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path temp = Files.createTempFile(dataDir, FILE, ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, HexFormat.of().formatHex(secret) + "\n");
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
