package io.vigo.swarm.envoy.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent's durable record of the tasks it ran, so a task runs at most once per envoy even
 * across a kill -9: the result is written (and synced) before it is published, and marked
 * published after Kafka acknowledged it. On start, every result not marked yet is published again
 * (the views keep one result per envoy and task, so a repeat changes nothing).
 */
final class TaskLedger {

    /** A task's outcome as recorded: done or failed, and the result line. */
    record Entry(String taskId, boolean done, String line) {
    }

    private final Path dir;

    TaskLedger(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    boolean ran(String taskId) {
        return Files.exists(dir.resolve(taskId + ".result"));
    }

    void recordResult(Entry entry) throws IOException {
        Path temp = dir.resolve(entry.taskId() + ".result.new");
        String content = (entry.done() ? "done" : "failed") + "\n" + entry.line() + "\n";
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, dir.resolve(entry.taskId() + ".result"), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
    }

    void markPublished(String taskId) throws IOException {
        Files.writeString(dir.resolve(taskId + ".published"), "");
    }

    /** Results recorded but not yet acknowledged by Kafka. */
    List<Entry> unpublished() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".result")) {
                    continue;
                }
                String taskId = name.substring(0, name.length() - ".result".length());
                if (Files.exists(dir.resolve(taskId + ".published"))) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                entries.add(new Entry(taskId, !lines.isEmpty() && lines.get(0).equals("done"), lines.size() > 1 ? lines.get(1) : ""));
            }
        }
        return entries;
    }

    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every filesystem lets a directory be synced; the file itself is
        }
    }
}
