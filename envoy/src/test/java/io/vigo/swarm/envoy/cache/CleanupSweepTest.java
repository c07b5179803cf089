package io.vigo.swarm.envoy.cache;

import static io.vigo.swarm.envoy.cache.CacheTree.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CleanupSweepTest {

    private final CacheTree tree = new CacheTree();
    private final CleanupSweep sweep = new CleanupSweep();

    @AfterEach
    void removeTree() {
        tree.close();
    }

    @Test
    void removesADanglingLabelAndAStalePartialAndNothingElse() {
        tree.blob(1);
        tree.label("live", Path.of("..", ".blobs", sha(1)));
        tree.label("gone", Path.of("..", ".blobs", sha(2)));
        tree.partial(1, 3);
        tree.partial(3, 2);
        Map<String, String> before = tree.snapshot();

        CleanupResult result = sweep.sweep(tree.root);

        assertThat(result.line()).isEqualTo("swarm cleanup: dangling_symlinks=1 stale_partials=1 errors=0");
        assertThat(result.done()).isTrue();
        Map<String, String> expected = new TreeMap<>(before);
        expected.remove("cache/files/gone");
        expected.keySet().removeIf(p -> p.startsWith("cache/.partial/" + sha(1)));
        assertThat(tree.snapshot()).isEqualTo(expected);
    }

    @Test
    void aSecondSweepRemovesNothing() {
        tree.label("gone", Path.of("..", ".blobs", sha(2)));
        tree.blob(1);
        tree.partial(1, 1);
        sweep.sweep(tree.root);
        Map<String, String> after = tree.snapshot();

        assertThat(sweep.sweep(tree.root).line()).isEqualTo("swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=0");
        assertThat(tree.snapshot()).isEqualTo(after);
    }

    @Test
    void keepsLiveLinksWhereverTheyPointAndRemovesOnlyTheLinkOfADanglingOne() {
        Path outsideFile = tree.write(tree.outside.resolve("elsewhere.bin"), "x");
        tree.label("out-live", outsideFile);
        tree.label("out-dead", tree.outside.resolve("missing.bin"));
        tree.label("to-dir", tree.outside);
        Map<String, String> before = tree.snapshot();

        CleanupResult result = sweep.sweep(tree.root);

        assertThat(result.danglingSymlinks()).isEqualTo(1);
        Map<String, String> expected = new TreeMap<>(before);
        expected.remove("cache/files/out-dead");
        assertThat(tree.snapshot()).isEqualTo(expected);
        assertThat(outsideFile).exists();
    }

    @Test
    void linkLoopsAndPathsThroughAFileAreDangling() {
        tree.label("a", Path.of("b"));
        tree.label("b", Path.of("a"));
        tree.label("self", Path.of("self"));
        tree.blob(1);
        tree.label("through-file", Path.of("..", ".blobs", sha(1), "inside"));

        CleanupResult result = sweep.sweep(tree.root);

        assertThat(result.line()).isEqualTo("swarm cleanup: dangling_symlinks=4 stale_partials=0 errors=0");
        assertThat(tree.root.resolve("files")).isEmptyDirectory();
    }

    @Test
    void regularFilesAndDirectoriesInFilesAreKept() {
        tree.write(tree.root.resolve("files").resolve("notes.txt"), "keep me");
        tree.mkdirs(tree.root.resolve("files").resolve("subdir"));
        tree.link(tree.root.resolve("files").resolve("subdir").resolve("deep-dangling"), Path.of("nowhere"));
        Map<String, String> before = tree.snapshot();

        assertThat(sweep.sweep(tree.root).line()).isEqualTo("swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=0");
        assertThat(tree.snapshot()).as("only direct children of files/ are judged").isEqualTo(before);
    }

    @Test
    void aPartialIsStaleOnlyIfItsBlobIsARegularFileAndItIsARealHexNamedDirectory() throws IOException {
        tree.partial(1, 2);                       // blob not assembled: kept
        tree.seedBlob(2);
        tree.partial(2, 2);                       // .blobs/<sha> is a link into seed/: a seed, kept
        tree.blob(3);
        tree.link(tree.root.resolve(".partial").resolve(sha(3)), tree.outside); // a link, not a directory: kept
        tree.blob(4);
        tree.write(tree.root.resolve(".partial").resolve(sha(4)), "not a dir"); // a file: kept
        tree.blob(0xabcdef);
        tree.mkdirs(tree.root.resolve(".partial").resolve(sha(0xabcdef).toUpperCase()));  // not lower-case hex: kept
        tree.mkdirs(tree.root.resolve(".blobs").resolve(sha(6)));
        tree.partial(6, 1);                       // .blobs/<sha> is a directory: kept
        Map<String, String> before = tree.snapshot();

        CleanupResult result = sweep.sweep(tree.root);

        assertThat(result.line()).isEqualTo("swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=0");
        assertThat(tree.snapshot()).isEqualTo(before);
        assertThat(Files.isDirectory(tree.outside)).isTrue();
    }

    @Test
    void linksInsideAStalePartialAreRemovedAsLinksNeverFollowed() {
        Path precious = tree.write(tree.outside.resolve("precious").resolve("data.bin"), "do not touch");
        tree.blob(1);
        Path partial = tree.partial(1, 1);
        tree.link(partial.resolve("escape"), tree.outside.resolve("precious"));
        tree.link(partial.resolve("escape-file"), precious);

        CleanupResult result = sweep.sweep(tree.root);

        assertThat(result.line()).isEqualTo("swarm cleanup: dangling_symlinks=0 stale_partials=1 errors=0");
        assertThat(partial).doesNotExist();
        assertThat(precious).hasContent("do not touch");
    }

    @Test
    void aFilesDirectoryThatIsALinkIsNotEnteredAndCountsAnError() throws IOException {
        Path elsewhere = tree.mkdirs(tree.outside.resolve("labels"));
        tree.link(elsewhere.resolve("dead"), Path.of("missing"));
        Files.delete(tree.root.resolve("files"));
        tree.link(tree.root.resolve("files"), elsewhere);
        Map<String, String> before = tree.snapshot();

        CleanupResult result = sweep.sweep(tree.root);

        assertThat(result.line()).isEqualTo("swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=1");
        assertThat(result.done()).isFalse();
        assertThat(tree.snapshot()).isEqualTo(before);
    }

    @Test
    void aMissingRootIsOneErrorNotACrash() {
        CleanupResult result = sweep.sweep(tree.base.resolve("no-such-cache"));
        assertThat(result.line()).isEqualTo("swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=1");
    }

    @Test
    void aFreshCacheWithoutItsDirectoriesIsClean() throws IOException {
        Path empty = Files.createDirectories(tree.base.resolve("fresh"));
        assertThat(sweep.sweep(empty).line()).isEqualTo("swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=0");
    }

    @Test
    void aFailedRemovalIsCountedAndNeverWidensWhatIsRemoved() {
        tree.label("gone-1", Path.of("missing-1"));
        tree.label("gone-2", Path.of("missing-2"));
        tree.blob(1);
        tree.partial(1, 3);
        Path stuckChunk = tree.root.resolve(".partial").resolve(sha(1)).resolve("1");
        Path stuckLink = tree.root.resolve("files").resolve("gone-2");
        CleanupSweep failing = new CleanupSweep(path -> {
            if (path.equals(stuckChunk) || path.equals(stuckLink)) {
                throw new java.nio.file.AccessDeniedException(path.toString());
            }
            Files.delete(path);
        });

        CleanupResult result = failing.sweep(tree.root);

        assertThat(result.line()).isEqualTo("swarm cleanup: dangling_symlinks=1 stale_partials=0 errors=2");
        assertThat(stuckLink).matches(Files::isSymbolicLink);
        assertThat(stuckChunk).exists();
        assertThat(tree.root.resolve(".blobs").resolve(sha(1))).exists();
    }
}
