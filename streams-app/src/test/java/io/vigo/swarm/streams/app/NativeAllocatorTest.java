package io.vigo.swarm.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeAllocatorTest {

    @TempDir
    Path dir;

    private Path maps(String... lines) throws IOException {
        return Files.write(dir.resolve("maps"), java.util.List.of(lines));
    }

    @Test
    void aMappedJemallocLibraryIsJemalloc() throws IOException {
        Path maps = maps("55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1 /usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                "7f1c2a000000-7f1c2a04a000 r-xp 00000000 08:01 2 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2");
        assertThat(NativeAllocator.name(maps)).isEqualTo(NativeAllocator.JEMALLOC);
    }

    @Test
    void withoutItTheSystemMalloc() throws IOException {
        Path maps = maps("7f1c2a000000-7f1c2a04a000 r-xp 00000000 08:01 3 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f1c2b000000-7f1c2b100000 r-xp 00000000 08:01 4 /tmp/librocksdbjni123.so");
        assertThat(NativeAllocator.name(maps)).isEqualTo(NativeAllocator.SYSTEM);
    }

    @Test
    void anUnreadableMapIsTheSystemMalloc() {
        assertThat(NativeAllocator.name(dir.resolve("no-such-maps"))).isEqualTo(NativeAllocator.SYSTEM);
    }

    /** This JVM's own answer follows what it was started with (bin/vigo preloads jemalloc when installed). */
    @Test
    void thisProcessIsReadFromItsOwnMap() {
        String preload = System.getenv().getOrDefault("LD_PRELOAD", "");
        assertThat(NativeAllocator.name())
                .isEqualTo(preload.contains("libjemalloc") ? NativeAllocator.JEMALLOC : NativeAllocator.SYSTEM);
    }

    @Test
    void theSystemMallocsStartLineSaysWhatToInstall() {
        assertThat(NativeAllocator.startLine(NativeAllocator.SYSTEM)).contains("libjemalloc2", "LD_PRELOAD");
        assertThat(NativeAllocator.startLine(NativeAllocator.JEMALLOC)).isEqualTo("native memory allocator: jemalloc");
    }
}
