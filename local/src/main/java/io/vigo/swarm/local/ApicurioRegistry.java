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
 * H2 file storage in the data dir, so schemas survive restarts. Once {@link #supervise supervised},
 * a child that dies is started again with backoff. Stopped (and waited for) on close.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApicurioRegistry.class);
    /** The first restart's delay; each quick death doubles it, up to the maximum. */
    static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(30);
    /** A child that ran this long before dying starts again after the first delay. */
    static final Duration STABLE_RUN = Duration.ofSeconds(60);

    /** Where the build unpacks the distribution; bin/vigo passes it in. */
    public static final String HOME_PROPERTY = "vigo.apicurio.home";

    private final Path home;
    private final Path dataDir;
    private final int port;
    private final int managementPort;
    private final Path logFile;
    private volatile Process process;
    private volatile boolean closing;
    private Thread supervisor;
    private final java.util.concurrent.atomic.AtomicInteger restarts = new java.util.concurrent.atomic.AtomicInteger();

    private ApicurioRegistry(Path home, Path dataDir, int port, int managementPort) {
        this.home = home;
        this.dataDir = dataDir;
        this.port = port;
        this.managementPort = managementPort;
        this.logFile = dataDir.resolve("registry.log");
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
        ApicurioRegistry registry = new ApicurioRegistry(home, dataDir, port, managementPort);
        registry.process = registry.spawn();
        return registry;
    }

    private Process spawn() throws IOException {
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
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    /**
     * Keeps the registry running: a child that exits without {@link #close} is started again after
     * a delay that doubles with each quick death (1 s up to 30 s), and each restart is logged with
     * the exit code and the log file. Producers and new schema ids wait meanwhile; reads do not
     * need the registry.
     */
    public synchronized void supervise() {
        if (supervisor != null) {
            return;
        }
        supervisor = new Thread(this::superviseLoop, "vigo-registry-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private void superviseLoop() {
        Duration delay = FIRST_RESTART_DELAY;
        while (!closing) {
            Process running = process;
            Instant started = Instant.now();
            int code;
            try {
                code = running.waitFor();
            } catch (InterruptedException e) {
                return;
            }
            if (closing || jvmShuttingDown()) {
                return; // stopped (by close, or by the stack's shutdown watchdog), not crashed
            }
            if (Duration.between(started, Instant.now()).compareTo(STABLE_RUN) >= 0) {
                delay = FIRST_RESTART_DELAY;
            }
            log.error("the schema registry (pid {}) exited with code {}; starting it again in {} s (see {})",
                    running.pid(), code, delay.toSeconds(), logFile);
            try {
                Thread.sleep(delay.toMillis()); // a restart's backoff, not a synchronisation
                synchronized (this) {
                    if (closing || jvmShuttingDown()) {
                        return;
                    }
                    process = spawn();
                }
                restarts.incrementAndGet();
                log.info("schema registry started again (pid {})", process.pid());
            } catch (IOException e) {
                log.error("cannot start the schema registry again: {}", e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            delay = delay.multipliedBy(2).compareTo(MAX_RESTART_DELAY) > 0 ? MAX_RESTART_DELAY : delay.multipliedBy(2);
        }
    }

    /**
     * Whether the JVM is running its shutdown hooks: Java tells only by refusing a new hook then.
     * A registry that dies during shutdown was stopped with the rest, and is not started again.
     */
    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }

    /** How many times the supervisor started a dead registry again. */
    public int restarts() {
        return restarts.get();
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
            Process process = this.process;
            if (!process.isAlive() && supervisor == null) {
                throw new IOException("the schema registry exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                Thread.sleep(200); // it died and the supervisor will start it again: not a busy loop meanwhile
            }
        }
        throw new IOException("the schema registry did not become ready within " + timeout.toSeconds() + " s; see " + logFile);
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
        Process process;
        synchronized (this) {
            closing = true;
            process = this.process;
        }
        if (supervisor != null) {
            supervisor.interrupt();
        }
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
