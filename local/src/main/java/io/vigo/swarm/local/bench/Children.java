package io.vigo.swarm.local.bench;

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

    /** Starts {@code VigoMain args} in its own JVM with {@code jvmFlags} and extra environment, output to {@code log}. */
    static Process vigo(List<String> jvmFlags, Map<String, String> env, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        String apicurioHome = System.getProperty("vigo.apicurio.home");
        if (apicurioHome != null) {
            command.add("-Dvigo.apicurio.home=" + apicurioHome);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.vigo.swarm.local.VigoMain");
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
