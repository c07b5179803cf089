package io.vigo.swarm.envoy.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * SHA-256 of seed files, computed once per file and reused while its name, size and modification
 * time are unchanged; kept in the agent's state dir so a restart does not hash large files again.
 */
final class ShaCache {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, String> shas;
    int computed;

    ShaCache(Path file) throws IOException {
        this.file = file;
        this.shas = Files.isRegularFile(file) ? JSON.readValue(file.toFile(), new TypeReference<HashMap<String, String>>() { }) : new HashMap<>();
    }

    String sha(Path seedFile) throws IOException {
        String key = seedFile.getFileName() + "|" + Files.size(seedFile) + "|" + Files.getLastModifiedTime(seedFile).toMillis();
        String known = shas.get(key);
        if (known != null) {
            return known;
        }
        String sha = digest(seedFile);
        computed++;
        shas.keySet().removeIf(k -> k.startsWith(seedFile.getFileName() + "|"));
        shas.put(key, sha);
        save();
        return sha;
    }

    private void save() throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        JSON.writeValue(temp.toFile(), shas);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String digest(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
