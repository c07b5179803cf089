package io.vigo.swarm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of one process, read from {@code /proc} (Linux). CPU is user plus
 * system time in clock ticks of 10 ms (USER_HZ is 100 on every Linux the JDK supports).
 */
final class ProcessStats {

    private static final double SECONDS_PER_TICK = 0.01;

    private ProcessStats() {
    }

    /** User + system CPU seconds the process has used so far; 0 if it is gone. */
    static double cpuSeconds(long pid) {
        return cpuSeconds(Path.of("/proc", String.valueOf(pid), "stat"));
    }

    private static double cpuSeconds(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) * SECONDS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds the JVM's JIT compiler threads of the process have used so far (0 if it is gone). */
    static double jitCpuSeconds(long pid) {
        double seconds = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        seconds += cpuSeconds(task.resolve("stat"));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return seconds;
    }

    /** Resident set size in bytes; 0 if the process is gone. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
