package io.vigo.swarm.envoy.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The blob-cache hygiene sweep behind {@code vigo swarm _apply-cleanup}, exactly as SPEC §2 defines
 * it, on the real filesystem and without ever following a symbolic link:
 * <ol>
 *   <li>a direct child of {@code files/} that is a symlink whose resolution fails (missing target,
 *       a loop, a non-directory on the way) is dangling: the link itself is removed;</li>
 *   <li>a direct child of {@code .partial/} that is a real directory named by 64 lower-case hex is
 *       stale when {@code .blobs/<name>} is a regular file: its tree is removed, links inside it
 *       removed as links;</li>
 *   <li>nothing else is touched.</li>
 * </ol>
 * Every failed filesystem operation counts one error and the sweep goes on; an error never widens
 * what is removed. A second sweep of the same tree removes nothing. The root itself is the
 * operator's choice of path and may be a link; nothing below it is followed.
 */
public final class CleanupSweep {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** Removes one file, empty directory or link (never what a link points to). */
    @FunctionalInterface
    public interface Remover {
        void remove(Path path) throws IOException;
    }

    private final Remover remover;

    public CleanupSweep() {
        this(Files::delete);
    }

    /** With another remover, e.g. one that fails on purpose in a test of the error count. */
    public CleanupSweep(Remover remover) {
        this.remover = remover;
    }

    public CleanupResult sweep(Path root) {
        Counts counts = new Counts();
        if (!Files.isDirectory(root)) {
            counts.errors++; // a missing root is an error, never fatal
            return counts.result();
        }
        removeDanglingLinks(root.resolve("files"), counts);
        removeStalePartials(root.resolve(".partial"), root.resolve(".blobs"), counts);
        return counts.result();
    }

    private void removeDanglingLinks(Path files, Counts counts) {
        for (Path child : children(files, counts)) {
            if (!Files.isSymbolicLink(child)) {
                continue; // regular files and directories are kept
            }
            Boolean dangling = dangling(child);
            if (dangling == null) {
                counts.errors++; // cannot tell (e.g. permission denied on the way): keep it
            } else if (dangling) {
                if (removeLink(child)) {
                    counts.danglingSymlinks++;
                } else {
                    counts.errors++;
                }
            }
        }
    }

    /** True when resolving the link fails, false when it resolves, null when that cannot be told. */
    private static Boolean dangling(Path link) {
        try {
            link.toRealPath();
            return false;
        } catch (NoSuchFileException | NotDirectoryException e) {
            return true;
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason());
            if (reason.contains("symbolic links") || reason.contains("Not a directory")) {
                return true; // a loop (ELOOP) or a file where a directory should be (ENOTDIR)
            }
            return null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Removes the link itself, after checking it is still a link. */
    private boolean removeLink(Path link) {
        try {
            if (!Files.isSymbolicLink(link)) {
                return false; // replaced meanwhile: leave whatever it is now
            }
            remover.remove(link);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private void removeStalePartials(Path partial, Path blobs, Counts counts) {
        boolean blobsIsDirectory = Files.isDirectory(blobs, NOFOLLOW);
        for (Path child : children(partial, counts)) {
            String name = child.getFileName().toString();
            if (!SHA256.matcher(name).matches() || !Files.isDirectory(child, NOFOLLOW)) {
                continue;
            }
            // A .blobs/<sha> that is a link into seed/ is a seed, not an assembled blob.
            boolean assembled = blobsIsDirectory && Files.isRegularFile(blobs.resolve(name), NOFOLLOW);
            if (!assembled) {
                continue;
            }
            if (removeTree(child)) {
                counts.stalePartials++;
            } else {
                counts.errors++;
            }
        }
    }

    /** Removes a directory tree bottom-up; links inside are removed as links, never followed. */
    private boolean removeTree(Path dir) {
        List<IOException> failures = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    tryRemove(file, failures);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    failures.add(e);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException e) {
                    if (e != null) {
                        failures.add(e);
                    } else {
                        tryRemove(visited, failures);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            failures.add(e);
        }
        return failures.isEmpty();
    }

    private void tryRemove(Path path, List<IOException> failures) {
        try {
            remover.remove(path);
        } catch (IOException e) {
            failures.add(e);
        }
    }

    /**
     * The direct children of a cache directory. A missing directory has none; one that is a link
     * or not a directory is not entered (that would follow a link or misread the layout) and counts
     * one error, as does one that cannot be listed.
     */
    private static List<Path> children(Path dir, Counts counts) {
        if (!Files.exists(dir, NOFOLLOW)) {
            return List.of();
        }
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            counts.errors++;
            return List.of();
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        } catch (IOException | SecurityException e) {
            counts.errors++;
        }
        return children;
    }

    private static final class Counts {
        int danglingSymlinks;
        int stalePartials;
        int errors;

        CleanupResult result() {
            return new CleanupResult(danglingSymlinks, stalePartials, errors);
        }
    }
}
