package io.vigo.swarm.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A real broker alone (no registry) in a temp dir, with an Admin on it: one per test class; close removes it all. */
final class TempBroker implements AutoCloseable {

    private final Path dir;
    private final EmbeddedKafka kafka;
    private final Admin admin;

    private TempBroker(Path dir) throws IOException {
        this.dir = dir;
        this.kafka = EmbeddedKafka.start(dir, Ports.free(), Ports.free());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    static TempBroker start(String name) throws IOException {
        return new TempBroker(Files.createTempDirectory(name));
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    @Override
    public void close() throws IOException {
        admin.close();
        kafka.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
