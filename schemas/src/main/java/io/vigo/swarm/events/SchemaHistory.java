package io.vigo.swarm.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The kept versions of every event schema, {@code <dir>/<record full name>/v<N>.avsc}, and the
 * check the build runs on them: each version must read data written by its predecessor and be
 * readable by it (full compatibility), and the newest kept version must be the schema in use.
 */
public final class SchemaHistory {

    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

    private final Path dir;

    public SchemaHistory(Path dir) {
        this.dir = dir;
    }

    /** Problems found for one record; empty when its history is sound. */
    public List<String> check(Schema current) {
        List<Schema> versions = versionsOf(current.getFullName());
        List<String> problems = new ArrayList<>();
        if (versions.isEmpty()) {
            problems.add(current.getFullName() + ": no kept version; copy the schema in use to "
                    + dir.resolve(current.getFullName()).resolve("v1.avsc"));
            return problems;
        }
        for (int i = 1; i < versions.size(); i++) {
            problems.addAll(compare(current.getFullName(), i, versions.get(i - 1), versions.get(i)));
        }
        Schema newest = versions.get(versions.size() - 1);
        if (!newest.equals(current)) {
            problems.add(current.getFullName() + ": the schema in use differs from v" + versions.size()
                    + "; keep it as v" + (versions.size() + 1) + " so it is checked against v" + versions.size());
        }
        return problems;
    }

    /** Backward and forward compatibility of {@code next} against {@code previous}. */
    public static List<String> compare(String name, int previousVersion, Schema previous, Schema next) {
        List<String> problems = new ArrayList<>();
        var backward = SchemaCompatibility.checkReaderWriterCompatibility(next, previous);
        if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(name + " v" + (previousVersion + 1) + " cannot read v" + previousVersion
                    + " data (backward): " + backward.getResult().getIncompatibilities());
        }
        var forward = SchemaCompatibility.checkReaderWriterCompatibility(previous, next);
        if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(name + " v" + previousVersion + " cannot read v" + (previousVersion + 1)
                    + " data (forward): " + forward.getResult().getIncompatibilities());
        }
        return problems;
    }

    List<Schema> versionsOf(String fullName) {
        Path recordDir = dir.resolve(fullName);
        if (!Files.isDirectory(recordDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(recordDir)) {
            return files.map(path -> VERSION_FILE.matcher(path.getFileName().toString()))
                    .filter(Matcher::matches)
                    .sorted(Comparator.comparingInt(m -> Integer.parseInt(m.group(1))))
                    .map(m -> parse(recordDir.resolve(m.group(0))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
