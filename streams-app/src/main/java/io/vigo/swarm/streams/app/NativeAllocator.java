package io.vigo.swarm.streams.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Which malloc this process runs on. RocksDB's native memory (block cache, memtables, compaction
 * buffers) is allocated and freed at a high rate, and glibc's malloc keeps much of what was freed
 * in fragmented arenas: at 300,000 envoys the app's resident size was 838 MB under glibc and
 * 738 MB under jemalloc, what lies outside the JVM's own accounting 352 and 232 MB (BENCHMARKS.md,
 * "The allocator"). Kafka Streams' own memory guide recommends jemalloc for the same reason. The
 * app cannot choose its allocator (it is the process's, fixed before the JVM starts: {@code
 * LD_PRELOAD}); it says at start which one it got, so an operator reading a large RSS knows.
 */
public final class NativeAllocator {

    /** What {@link #name} says when jemalloc is loaded. */
    public static final String JEMALLOC = "jemalloc";
    /** What {@link #name} says otherwise (on Linux, glibc's malloc). */
    public static final String SYSTEM = "system malloc";

    private NativeAllocator() {
    }

    /** {@link #JEMALLOC} when a jemalloc library is mapped into this process, else {@link #SYSTEM}. */
    public static String name() {
        return name(Path.of("/proc/self/maps"));
    }

    /** The same, read from a process's memory map ({@code /proc/<pid>/maps}); {@link #SYSTEM} when it cannot be read. */
    public static String name(Path maps) {
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.anyMatch(line -> line.contains("libjemalloc")) ? JEMALLOC : SYSTEM;
        } catch (IOException | java.io.UncheckedIOException e) {
            return SYSTEM;
        }
    }

    /** The line the app logs at start. */
    static String startLine(String allocator) {
        if (JEMALLOC.equals(allocator)) {
            return "native memory allocator: jemalloc";
        }
        return "native memory allocator: the system's malloc; RocksDB's memory fragments under glibc's, "
                + "so the resident size runs about 100 MB higher at 300,000 envoys: install libjemalloc2 and "
                + "start the app with LD_PRELOAD naming it (bin/vigo does when it is installed; docs/sizing.md, \"Memory\")";
    }
}
