package io.vigo.swarm.local;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code bin/vigo up} does when its in-process broker gives up (a log dir failed, the disk is
 * full): the broker would halt the whole JVM at once, skipping every shutdown hook, leaving the
 * registry child orphaned and nothing in the log saying why. Instead it says why in one line
 * (naming a full disk when that is the cause), then exits through the shutdown hooks, which stop
 * the parts in order; a watchdog stops what is left if that takes too long.
 */
final class BrokerHalt {

    private static final Logger log = LoggerFactory.getLogger(BrokerHalt.class);
    /** Below this much free space, a failed log dir is taken to be a full disk. */
    static final long NEARLY_FULL_BYTES = 64L * 1024 * 1024;
    static final Duration ORDERLY_STOP_LIMIT = Duration.ofSeconds(30);
    /** Several broker threads give up on a failed disk; the first one stops the system, once. */
    private static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

    private BrokerHalt() {
    }

    /**
     * From now on a broker halt or exit in this JVM stops the local system in order instead. Kafka's
     * broker calls its {@code Exit} (an internal class, the hook its own tests use) rather than
     * {@code Runtime.halt}, so this is the one place a halt can be turned into an orderly stop.
     */
    static void stopInOrderInstead(Path dataDir) {
        Exit.Procedure stop = (code, message) -> stop(dataDir, code, message);
        Exit.setHaltProcedure(stop);
        Exit.setExitProcedure(stop);
    }

    private static void stop(Path dataDir, int code, String message) {
        if (!STOPPING.compareAndSet(false, true)) {
            waitForTheExit(); // another broker thread gave up too: the stop is already under way
            return;
        }
        String line = reason(code, message, dataDir, freeBytes(dataDir));
        log.error(line);
        System.err.println("vigo: " + line);
        int status = code == 0 ? 1 : code;
        Thread exit = new Thread(() -> System.exit(status), "vigo-broker-halt");
        exit.start();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(ORDERLY_STOP_LIMIT.toMillis()); // a deadline for the orderly stop, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            Runtime.getRuntime().halt(status);
        }, "vigo-broker-halt-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        waitForTheExit();
    }

    /** A broker thread that asked to halt must not go on as if it had: it waits here for the exit. */
    private static void waitForTheExit() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The one line that says why the system stops. */
    static String reason(int code, String message, Path dataDir, long freeBytes) {
        String what = "the Kafka broker stopped (code " + code + ")" + (message == null || message.isBlank() ? "" : ": " + message);
        if (freeBytes >= 0 && freeBytes < NEARLY_FULL_BYTES) {
            what = "the disk of " + dataDir + " is full (" + freeBytes / 1024 + " KB free); " + what;
        }
        return what + "; stopping the streams app, the registry and the broker";
    }

    private static long freeBytes(Path dataDir) {
        try {
            FileStore store = Files.getFileStore(dataDir);
            return store.getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
