package io.vigo.swarm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.common.Node;

/**
 * What history takes on disk (SPEC §12, issue 15's "history bytes per envoy per day"): the bytes of
 * the history stores' changelog partitions on the broker, and of their RocksDB directories in the
 * streams app's state directory.
 */
record HistoryBytes(long changelogs, long stores) {

    /** The stores that hold history and nothing else. */
    static final List<String> STORES = List.of("fleet-history", "manifest-history", "allowlist-history", "envoy-history", "blob-history",
            "manifest-versions");

    static HistoryBytes measure(Admin admin, String applicationId, Path stateDir) throws Exception {
        long changelogs = brokerBytes(admin, topic -> STORES.stream().anyMatch(store -> topic.equals(applicationId + "-" + store + "-changelog")));
        return new HistoryBytes(changelogs, storeBytes(stateDir));
    }

    /** The bytes of every partition of the matching topics on the brokers' log directories (every replica). */
    static long brokerBytes(Admin admin, Predicate<String> topics) throws Exception {
        List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
        long bytes = 0;
        for (var byBroker : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
            for (LogDirDescription dir : byBroker.values()) {
                for (var replica : dir.replicaInfos().entrySet()) {
                    if (topics.test(replica.getKey().topic())) {
                        bytes += replica.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    /** Every file under a history store's RocksDB directory, in every task of the state directory. */
    private static long storeBytes(Path stateDir) {
        if (!Files.isDirectory(stateDir)) {
            return 0;
        }
        try (var files = Files.walk(stateDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> STORES.stream().anyMatch(store -> file.toString().contains("/rocksdb/" + store + "/")))
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            return 0; // compacted away meanwhile
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
