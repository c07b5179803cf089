package io.vigo.swarm.local;

import io.vigo.swarm.api.LocalEndpoints;
import io.vigo.swarm.api.Moments;
import io.vigo.swarm.local.verify.EventReplay;
import io.vigo.swarm.local.verify.ReplayExport;
import io.vigo.swarm.topics.TopicCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/vigo export}: the envoys, peer records, seeds and manifest entries as of a moment, replayed from the topics, for analytics. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the envoys, peer records, seeds and manifest entries as of a moment (an independent replay of the event topics, "
                + "as verify --at does) as JSON lines or CSV, for analytics outside the JVM.")
final class ExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--at", required = true, paramLabel = "TIME",
            description = "The moment: yyyy-MM-dd HH:mm[:ss] (local time), RFC 3339, or relative (-2h)")
    String at;

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "jsonl|csv", description = "File format (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new or empty directory for envoys, peer_records, seeds and manifest_entries")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR") Path dataDir;
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT") String bootstrapServers;
    @Option(names = "--registry-url", paramLabel = "URL") String registryUrl;

    @Override
    public Integer call() throws Exception {
        Instant moment;
        try {
            moment = Moments.parse(at, java.time.ZoneId.systemDefault(), Instant.now()).truncatedTo(ChronoUnit.MILLIS);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--at: " + e.getMessage());
        }
        if (moment.isAfter(Instant.now())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--at: " + moment + " is in the future");
        }
        ReplayExport.Format chosen = switch (format) {
            case "jsonl" -> ReplayExport.Format.JSONL;
            case "csv" -> ReplayExport.Format.CSV;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--format must be jsonl or csv, not \"" + format + "\"");
        };
        if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " must be a new or empty directory");
        }
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " cannot be created: " + e.getMessage());
        }
        if (bootstrapServers == null || registryUrl == null) {
            LocalEndpoints local = VigoMain.endpoints(this, dataDir != null ? dataDir : VigoMain.defaultDataDir());
            bootstrapServers = bootstrapServers != null ? bootstrapServers : local.kafka();
            registryUrl = registryUrl != null ? registryUrl : local.registry();
        }
        EventReplay replay = ProgressLine.around("export: replaying the topics",
                line -> EventReplay.read(bootstrapServers, registryUrl, TopicCatalogue.load().names(), moment.toEpochMilli(), line::update));
        Map<String, Integer> rows = ReplayExport.write(replay, moment, chosen, out);
        StringBuilder summary = new StringBuilder("export: as of " + moment + " into " + out + ":");
        rows.forEach((table, count) -> summary.append(' ').append(table).append(' ').append(count));
        System.out.println(summary + " row(s); " + replay.undecodable() + " undecodable record(s) skipped");
        return 0;
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
