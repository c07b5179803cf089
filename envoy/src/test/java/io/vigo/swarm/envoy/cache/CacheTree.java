package io.vigo.swarm.envoy.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A blob cache built on a real temporary directory, and snapshots of everything in and around it. */
final class CacheTree implements AutoCloseable {

    final Path base;
    final Path root;
    final Path outside;

    CacheTree() {
        try {
            base = Files.createTempDirectory("vigo-cache");
            root = Files.createDirectories(base.resolve("cache"));
            outside = Files.createDirectories(base.resolve("outside"));
            Files.createDirectories(root.resolve("files"));
            Files.createDirectories(root.resolve(".partial"));
            Files.createDirectories(root.resolve(".blobs"));
            Files.createDirectories(root.resolve("seed"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha(int n) {
        return String.format("%064x", n);
    }

    Path blob(int n) {
        return write(root.resolve(".blobs").resolve(sha(n)), "blob " + n);
    }

    /** A seed: .blobs/<sha> is a link into seed/, not an assembled blob. */
    Path seedBlob(int n) {
        Path file = write(root.resolve("seed").resolve("seed-" + n + ".tar"), "seed " + n);
        return link(root.resolve(".blobs").resolve(sha(n)), Path.of("..", "seed", "seed-" + n + ".tar"));
    }

    Path partial(int n, int chunks) {
        Path dir = mkdirs(root.resolve(".partial").resolve(sha(n)));
        for (int c = 0; c < chunks; c++) {
            write(dir.resolve(String.valueOf(c)), "chunk " + c);
        }
        return dir;
    }

    Path label(String name, Path target) {
        return link(root.resolve("files").resolve(name), target);
    }

    Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path link(Path link, Path target) {
        try {
            Files.createDirectories(link.getParent());
            return Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path under the base (cache and outside), with its kind and, for links, the target text. */
    Map<String, String> snapshot() {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(base)) {
            paths.forEach(p -> all.put(base.relativize(p).toString(), kind(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private static String kind(Path p) {
        try {
            if (Files.isSymbolicLink(p)) {
                return "link -> " + Files.readSymbolicLink(p);
            }
            return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "file " + Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(base)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
