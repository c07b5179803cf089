package io.vigo.swarm.local.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Whole-process wall time of {@code bin/vigocli swarm status}: the first run, then {@code warm} more. */
final class CliTiming {

    private CliTiming() {
    }

    /** Milliseconds per run, the first (coldest) first; empty when bin/vigocli is not found. */
    static List<Double> measure(URI api, int warm) throws Exception {
        Path vigocli = Report.root().resolve("bin/vigocli");
        List<Double> millis = new ArrayList<>();
        if (!Files.isExecutable(vigocli)) {
            return millis;
        }
        for (int i = 0; i <= warm; i++) {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(vigocli.toString(), "swarm", "status", "--server", api.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("bin/vigocli swarm status failed (exit " + (process.isAlive() ? "timeout" : process.exitValue()) + ")");
            }
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return millis;
    }
}
