package io.vigo.swarm.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Apicurio Registry server from its Maven Central distribution, run as a child process with
 * H2 file storage in the data dir, so schemas survive restarts. Stopped (and waited for) on close.
 */
public final class ApicurioRegistry implements AutoCloseable {

    /** Where the build unpacks the distribution; bin/vigo passes it in. */
    public static final String HOME_PROPERTY = "vigo.apicurio.home";

    private final Process process;
    private final int port;
    private final Path log;

    private ApicurioRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Path home() {
        String configured = System.getProperty(HOME_PROPERTY);
        Path home = configured != null ? Path.of(configured) : Path.of("target", "apicurio");
        if (!Files.isRegularFile(runner(home))) {
            throw new IllegalStateException("the Apicurio Registry distribution is missing at " + home.toAbsolutePath()
                    + " (build with `mvn -q -DskipTests package` first)");
        }
        return home;
    }

    private static Path runner(Path home) {
        return home.resolve("apicurio-registry-app-3.0.9-runner.jar");
    }

    public static ApicurioRegistry start(Path home, Path dataDir, int port, int managementPort, Duration timeout)
            throws IOException, InterruptedException {
        ApicurioRegistry registry = launch(home, dataDir, port, managementPort);
        registry.awaitReady(timeout);
        return registry;
    }

    /** Starts the process without waiting for it, so the caller can start other parts meanwhile. */
    public static ApicurioRegistry launch(Path home, Path dataDir, int port, int managementPort) throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("registry.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // A schema lookup service that clients cache: start fast and leave the cores to
                // the broker and the streams app starting beside it.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.resolve("db").toAbsolutePath(),
                "-jar", runner(home).toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ApicurioRegistry(process, port, log);
    }

    /** Waits until the registry answers; stops it and fails if it exits or does not answer in time. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        try {
            pollUntilReady(timeout);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void pollUntilReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(confluentUrl() + "/subjects")).timeout(Duration.ofSeconds(2)).GET().build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("the schema registry exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new IOException("the schema registry did not become ready within " + timeout.toSeconds() + " s; see " + log);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The Confluent-compatible API that Confluent clients are given. */
    public String confluentUrl() {
        return url() + "/apis/ccompat/v7";
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
