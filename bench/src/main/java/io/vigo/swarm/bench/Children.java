package io.vigo.swarm.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Java child processes on this JVM's own classpath: the bench's broker, streams app and baseline job. */
final class Children {

    private Children() {
    }

    /** The local stack's launcher, for the streams app as `bin/vigo streams` starts one. */
    static final String VIGO = "io.vigo.swarm.local.VigoMain";
    /** This harness's own launcher, for its broker and baseline job. */
    static final String BENCH = BenchMain.class.getName();

    /** Starts {@code main args} in its own JVM with {@code jvmFlags} and extra environment, output to {@code log}. */
    static Process java(String main, List<String> jvmFlags, Map<String, String> env, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        String apicurioHome = System.getProperty("vigo.apicurio.home");
        if (apicurioHome != null) {
            command.add("-Dvigo.apicurio.home=" + apicurioHome);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Stops a child politely (SIGTERM, so it leaves its group and flushes), then forcibly. */
    static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
