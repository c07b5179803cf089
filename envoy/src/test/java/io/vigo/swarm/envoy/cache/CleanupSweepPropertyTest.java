package io.vigo.swarm.envoy.cache;

import static io.vigo.swarm.envoy.cache.CacheTree.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random caches: whatever the tree, the sweep removes exactly the set the definition names, counts
 * it exactly, touches nothing outside the cache, and a second sweep removes nothing.
 */
class CleanupSweepPropertyTest {

    enum BlobKind { ABSENT, REGULAR, SEED_LINK, DIRECTORY }

    enum LabelKind { REGULAR_FILE, DIRECTORY, TO_BLOB, OUTSIDE_LIVE, OUTSIDE_MISSING, LOOP, SELF_LOOP, THROUGH_BLOB }

    enum PartialKind { NONE, DIRECTORY, DIRECTORY_WITH_ESCAPE_LINK, LINK_TO_DIRECTORY, FILE }

    record Label(LabelKind kind, int blob) {
    }

    record Cache(List<BlobKind> blobs, List<Label> labels, List<PartialKind> partials) {
    }

    @Property(tries = 150)
    void removesExactlyTheDefinedSetAndIsIdempotent(@ForAll("caches") Cache cache) {
        try (CacheTree tree = new CacheTree()) {
            Path outsideFile = tree.write(tree.outside.resolve("target.bin"), "outside");
            Map<String, String> expectedRemoved = new TreeMap<>();
            for (int n = 0; n < cache.blobs().size(); n++) {
                switch (cache.blobs().get(n)) {
                    case REGULAR -> tree.blob(n);
                    case SEED_LINK -> tree.seedBlob(n);
                    case DIRECTORY -> tree.mkdirs(tree.root.resolve(".blobs").resolve(sha(n)));
                    case ABSENT -> { }
                }
            }
            int dangling = 0;
            for (int i = 0; i < cache.labels().size(); i++) {
                Label label = cache.labels().get(i);
                String name = "label-" + i;
                Path files = tree.root.resolve("files");
                boolean isDangling = switch (label.kind()) {
                    case REGULAR_FILE -> { tree.write(files.resolve(name), "x"); yield false; }
                    case DIRECTORY -> { tree.mkdirs(files.resolve(name)); yield false; }
                    case TO_BLOB -> {
                        tree.label(name, Path.of("..", ".blobs", sha(label.blob())));
                        yield cache.blobs().get(label.blob()) == BlobKind.ABSENT;
                    }
                    case OUTSIDE_LIVE -> { tree.label(name, outsideFile); yield false; }
                    case OUTSIDE_MISSING -> { tree.label(name, tree.outside.resolve("missing")); yield true; }
                    case LOOP -> {
                        tree.label(name, Path.of(name + "-pair"));
                        tree.label(name + "-pair", Path.of(name));
                        expectedRemoved.put("cache/files/" + name + "-pair", "dangling");
                        dangling++;
                        yield true;
                    }
                    case SELF_LOOP -> { tree.label(name, Path.of(name)); yield true; }
                    case THROUGH_BLOB -> { tree.label(name, Path.of("..", ".blobs", sha(label.blob()), "inside")); yield true; }
                };
                if (isDangling) {
                    expectedRemoved.put("cache/files/" + name, "dangling");
                    dangling++;
                }
            }
            int stale = 0;
            for (int n = 0; n < cache.partials().size(); n++) {
                Path path = tree.root.resolve(".partial").resolve(sha(n));
                PartialKind kind = cache.partials().get(n);
                switch (kind) {
                    case DIRECTORY -> tree.partial(n, 2);
                    case DIRECTORY_WITH_ESCAPE_LINK -> {
                        tree.partial(n, 1);
                        tree.link(path.resolve("escape"), tree.outside);
                    }
                    case LINK_TO_DIRECTORY -> tree.link(path, tree.outside);
                    case FILE -> tree.write(path, "not a directory");
                    case NONE -> { }
                }
                boolean realDirectory = kind == PartialKind.DIRECTORY || kind == PartialKind.DIRECTORY_WITH_ESCAPE_LINK;
                if (realDirectory && n < cache.blobs().size() && cache.blobs().get(n) == BlobKind.REGULAR) {
                    expectedRemoved.put("cache/.partial/" + sha(n), "stale");
                    stale++;
                }
            }
            Map<String, String> before = tree.snapshot();

            CleanupResult first = new CleanupSweep().sweep(tree.root);

            assertThat(first).isEqualTo(new CleanupResult(dangling, stale, 0));
            Map<String, String> expected = new TreeMap<>(before);
            expected.keySet().removeIf(path -> expectedRemoved.keySet().stream()
                    .anyMatch(removed -> path.equals(removed) || path.startsWith(removed + "/")));
            assertThat(tree.snapshot()).isEqualTo(expected);

            Map<String, String> afterFirst = tree.snapshot();
            assertThat(new CleanupSweep().sweep(tree.root)).isEqualTo(new CleanupResult(0, 0, 0));
            assertThat(tree.snapshot()).isEqualTo(afterFirst);
        }
    }

    @Provide
    Arbitrary<Cache> caches() {
        Arbitrary<List<BlobKind>> blobs = Arbitraries.of(BlobKind.class).list().ofSize(6);
        Arbitrary<Label> label = Combinators.combine(Arbitraries.of(LabelKind.class), Arbitraries.integers().between(0, 5)).as(Label::new);
        Arbitrary<List<PartialKind>> partials = Arbitraries.of(PartialKind.class).list().ofMinSize(0).ofMaxSize(6);
        return Combinators.combine(blobs, label.list().ofMaxSize(8), partials).as(Cache::new);
    }
}
