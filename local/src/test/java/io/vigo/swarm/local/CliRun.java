package io.vigo.swarm.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of the real {@code bin/vigocli} as a subprocess: what an operator would see. */
record CliRun(String stdout, String stderr, int exitCode) {

    static final Path ROOT = findRoot();

    /** Runs with LANG and LC_* unset and TZ pinned, as the golden files were written. */
    static CliRun vigocli(Map<String, String> env, String... args) {
        return run("bin/vigocli", env, args);
    }

    /** The same for {@code bin/vigo} (its verbs that run and end: verify, export, topics). */
    static CliRun vigo(String... args) {
        return run("bin/vigo", Map.of(), args);
    }

    private static CliRun run(String script, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve(script).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_") || k.startsWith("VIGO_") || k.equals("NO_COLOR"));
        builder.environment().put("TZ", "UTC");
        builder.environment().putAll(env);
        try {
            Path out = Files.createTempFile("vigocli", ".out");
            Path err = Files.createTempFile("vigocli", ".err");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " " + List.of(args) + " did not finish within 120 s");
            }
            CliRun run = new CliRun(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), process.exitValue());
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    static String golden(String name) {
        try {
            return Files.readString(ROOT.resolve("local/src/test/resources/golden").resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("missing golden file " + name, e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("bin/vigocli"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root (bin/vigocli) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
