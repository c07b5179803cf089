package io.vigo.swarm.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process wall time of {@code bin/vigocli swarm status}: the first run, then {@code warm}
 * more, each warm run followed by a bare JVM start with the CLI's JVM flags ({@code java -version}).
 * The bare starts are the same-moment baseline: this machine's JVM start moves between 120 and
 * 200 ms from one spell to the next, and the CLI's time moves with it.
 */
final class CliTiming {

    /** Milliseconds per run: the CLI's, the first (coldest) first, and the bare JVM's; both empty when bin/vigocli is not found. */
    record Runs(List<Double> cli, List<Double> bareJvm) {
    }

    private CliTiming() {
    }

    static Runs measure(URI api, int warm) throws Exception {
        Path vigocli = Report.root().resolve("bin/vigocli");
        Runs runs = new Runs(new ArrayList<>(), new ArrayList<>());
        if (!Files.isExecutable(vigocli)) {
            return runs;
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        for (int i = 0; i <= warm; i++) {
            runs.cli.add(millis(vigocli.toString(), "swarm", "status", "--server", api.toString()));
            if (i > 0) {
                // the JVM flags bin/vigocli starts the CLI with
                runs.bareJvm.add(millis(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-version"));
            }
        }
        return runs;
    }

    private static double millis(String... command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + (process.isAlive() ? "timeout" : process.exitValue()) + ")");
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
