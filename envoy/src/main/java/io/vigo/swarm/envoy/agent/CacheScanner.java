package io.vigo.swarm.envoy.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.SeedManifest;
import io.vigo.swarm.events.Subsystem;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads an envoy's blob cache as the layout defines it, never following a link: {@code .blobs/<sha>}
 * regular files are cached blobs (a link into {@code seed/} is a seed, not a blob),
 * {@code .partial/<sha>/} directories are downloads (bytes = their chunks), and each file in
 * {@code seed/} with its {@code <file>.manifest.json} is a seed.
 */
final class CacheScanner {

    static final String MANIFEST_SUFFIX = ".manifest.json";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final ShaCache shas;

    CacheScanner(Path root, ShaCache shas) {
        this.root = root;
        this.shas = shas;
    }

    CacheSnapshot scan() throws IOException {
        Map<String, PeerEntry> peers = new TreeMap<>();
        for (Path blob : list(root.resolve(".blobs"))) {
            String sha = blob.getFileName().toString();
            if (SHA256.matcher(sha).matches() && Files.isRegularFile(blob, NOFOLLOW)) {
                peers.put(sha, new PeerEntry(sha, PeerState.CACHED, Files.size(blob)));
            }
        }
        for (Path partial : list(root.resolve(".partial"))) {
            String sha = partial.getFileName().toString();
            if (SHA256.matcher(sha).matches() && Files.isDirectory(partial, NOFOLLOW) && !peers.containsKey(sha)) {
                long bytes = 0;
                for (Path chunk : list(partial)) {
                    if (Files.isRegularFile(chunk, NOFOLLOW)) {
                        bytes += Files.size(chunk);
                    }
                }
                peers.put(sha, new PeerEntry(sha, PeerState.DOWNLOADING, bytes));
            }
        }
        Map<String, SeedManifest> seeds = new TreeMap<>();
        List<CacheSnapshot.BrokenSeed> broken = new ArrayList<>();
        for (Path file : list(root.resolve("seed"))) {
            String name = file.getFileName().toString();
            if (name.endsWith(MANIFEST_SUFFIX) || !Files.isRegularFile(file, NOFOLLOW)) {
                continue;
            }
            String relative = "seed/" + name;
            try {
                SeedManifest seed = manifest(file, shas.sha(file));
                seeds.put(seed.getSha(), seed);
            } catch (BrokenManifestException e) {
                broken.add(new CacheSnapshot.BrokenSeed(relative, e.getMessage()));
            }
        }
        return new CacheSnapshot(peers, seeds, broken);
    }

    /** The seed's manifest, {@code <file>.manifest.json}: label (required), subsystem (payload), target (*), retentionSeconds (0). */
    private static SeedManifest manifest(Path file, String sha) throws IOException {
        Path manifestFile = file.resolveSibling(file.getFileName() + MANIFEST_SUFFIX);
        if (!Files.isRegularFile(manifestFile, NOFOLLOW)) {
            throw new BrokenManifestException("no manifest " + manifestFile.getFileName());
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw new BrokenManifestException("manifest is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String label = text(manifest, "label", null);
        if (label == null || label.isBlank() || label.length() > 255 || label.contains("/")) {
            throw new BrokenManifestException("manifest needs a \"label\" (1-255 characters, no '/')");
        }
        Subsystem subsystem;
        try {
            subsystem = Subsystem.valueOf(text(manifest, "subsystem", "payload").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BrokenManifestException("subsystem must be payload or gitback");
        }
        if (subsystem == Subsystem.UNKNOWN) {
            throw new BrokenManifestException("subsystem must be payload or gitback");
        }
        String target = text(manifest, "target", "*");
        try {
            HostPattern.compile(target);
        } catch (HostPattern.BadPatternException e) {
            throw new BrokenManifestException("target: " + e.getMessage());
        }
        JsonNode retention = manifest.get("retentionSeconds");
        long retentionSeconds = retention == null ? 0 : retention.asLong(-1);
        if (retention != null && (!retention.canConvertToLong() || retentionSeconds < 0)) {
            throw new BrokenManifestException("retentionSeconds must be a whole number >= 0 (0 = forever)");
        }
        return new SeedManifest(sha, label, subsystem, Files.size(file), target, retentionSeconds);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            return List.of();
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        children.sort(null);
        return children;
    }

    /** A seed manifest the agent reports instead of announcing the seed. */
    static final class BrokenManifestException extends IOException {
        BrokenManifestException(String message) {
            super(message);
        }
    }
}
