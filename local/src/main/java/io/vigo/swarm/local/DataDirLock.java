package io.vigo.swarm.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One local system per data dir: an OS file lock, and the holder's pid for the message to the next one. */
final class DataDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;
    private final Path pidFile;

    private DataDirLock(FileChannel channel, FileLock lock, Path pidFile) {
        this.channel = channel;
        this.lock = lock;
        this.pidFile = pidFile;
    }

    static DataDirLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path pidFile = dataDir.resolve("vigo.pid");
        FileChannel channel = FileChannel.open(dataDir.resolve("vigo.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            String holder = Files.isRegularFile(pidFile) ? Files.readString(pidFile).trim() : "unknown";
            throw new IllegalStateException("data dir " + dataDir + " is in use by another `bin/vigo up` (pid " + holder + ")");
        }
        Files.writeString(pidFile, String.valueOf(ProcessHandle.current().pid()));
        return new DataDirLock(channel, lock, pidFile);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(pidFile);
        lock.release();
        channel.close();
    }
}
