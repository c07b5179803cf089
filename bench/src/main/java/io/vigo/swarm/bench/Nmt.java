package io.vigo.swarm.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's own account of its native memory (Native Memory Tracking, summary), read with jcmd:
 * committed MB per category. RocksDB allocates with malloc outside the JVM's view, so RSS minus the
 * NMT total is, to a good approximation, RocksDB plus allocator overhead.
 */
final class Nmt {

    private static final Pattern TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern CATEGORY = Pattern.compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    private Nmt() {
    }

    /** Committed MB by category, "Total" first; empty if jcmd is unavailable or NMT is off. */
    static Map<String, Double> summary(long pid) {
        Map<String, Double> committed = new LinkedHashMap<>();
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "VM.native_memory", "summary")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            Matcher total = TOTAL.matcher(output);
            if (total.find()) {
                committed.put("Total", Long.parseLong(total.group(2)) / 1024.0);
            }
            Matcher category = CATEGORY.matcher(output);
            while (category.find()) {
                committed.put(category.group(1).trim(), Long.parseLong(category.group(3)) / 1024.0);
            }
        } catch (Exception e) {
            committed.clear();
        }
        return committed;
    }
}
