package io.vigo.swarm.bench;

import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.history.StoredMoment;
import io.vigo.swarm.streams.state.BoundedRocksDb;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.PeerHolding;
import io.vigo.swarm.streams.state.RecordKind;
import io.vigo.swarm.streams.state.RocksDbStores;
import io.vigo.swarm.streams.state.StoreNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/vigo _bench-asof}: what a {@code swarm peers --at} page costs per envoy of a partition
 * as its history deepens, for each of the two ways the page reads it ({@code PeersView}): one
 * forward pass over every entry of the partition ({@link HostHistory#envoysAsOf}), and one
 * reverse seek per envoy ({@link HostHistory#envoyAsOf}). The page takes the pass up to 32 entries
 * per envoy and seeks beyond; this measures both at each depth, so the threshold and the cost at
 * a week's depth are figures rather than guesses.
 *
 * <p>The store is the app's own: the {@code envoy-history} store as the topology builds it (Kafka
 * Streams' RocksDB store through its metered layer, {@link BoundedRocksDb}'s shared cache and
 * memtables sized for 6 partitions), without a changelog, in a temporary directory, opened through
 * Kafka Streams' {@link MockProcessorContext} (no broker is needed to hold a store). It is filled
 * by {@link HostHistory} itself, as the envoy processor fills it: every envoy changes once per
 * round (a cached blob gained: the envoy's new version, the peer record and the timeline entry),
 * 75 s apart per envoy as in the bench's workload, staggered across the envoys.
 */
@Command(name = "_bench-asof", hidden = true,
        description = "Microseconds per envoy of a peers page as of a moment, by one pass and by seeks, at several history depths.")
public final class AsOfCostCommand implements Callable<Integer> {

    @Option(names = "--envoys", defaultValue = "50000", description = "Envoys of the one partition measured (default: ${DEFAULT-VALUE}, a partition of 300,000 over 6)")
    int envoys;
    @Option(names = "--depths", defaultValue = "8,32,64,128", split = ",", description = "History entries per envoy to measure at (default: ${DEFAULT-VALUE})")
    List<Integer> depths;
    @Option(names = "--rounds", defaultValue = "3", description = "Timed reads of each kind per depth; the best is reported (default: ${DEFAULT-VALUE})")
    int rounds;

    /** The bench's workload: a cache change per envoy every 75 s (BenchFleet). */
    private static final long CHANGE_EVERY_MS = 75_000;
    private static final long FIRST_MS = 1_800_000_000_000L;

    @Override
    public Integer call() throws Exception {
        if (envoys < 100 || envoys > 1_000_000) {
            System.err.println("vigo _bench-asof: --envoys must be within 100..1000000, not " + envoys);
            return 2;
        }
        if (rounds < 1 || rounds > 20 || depths.stream().anyMatch(d -> d < 2 || d > 10_000)) {
            System.err.println("vigo _bench-asof: --rounds must be within 1..20 and each depth within 2..10000");
            return 2;
        }
        System.out.printf(Locale.ROOT, "as-of cost, one partition of %,d envoys; best of %d reads each%n", envoys, rounds);
        System.out.println("| entries per envoy | store on disk MB | a history write µs (filling) | one pass µs per envoy | a seek per envoy µs | faster |");
        System.out.println("|---|---|---|---|---|---|");
        for (int depth : depths) {
            measure(depth);
        }
        return 0;
    }

    private void measure(int depth) throws IOException {
        Path dir = Files.createTempDirectory("vigo-bench-asof");
        try {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigo-bench-asof");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
            props.put(BoundedRocksDb.PARTITIONS_CONFIG, "6");
            props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true); // as the app sets it; else a warning per store
            MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0), dir.toFile());
            KeyValueStore<Bytes, StoredMoment> store = Stores.keyValueStoreBuilder(
                    RocksDbStores.persistent(StoreNames.ENVOY_HISTORY), Serdes.Bytes(), StoredMoment.SERDE).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            try {
                long started = System.nanoTime();
                fill(store, depth);
                double write = (System.nanoTime() - started) / 1_000.0 / ((double) envoys * depth);
                long atMs = FIRST_MS + CHANGE_EVERY_MS * depth / 2; // halfway back
                timePass(store, atMs); // untimed: the JIT compiles the read paths on the first depth
                timeSeeks(store, atMs);
                double pass = Double.MAX_VALUE;
                double seeks = Double.MAX_VALUE;
                for (int round = 0; round < rounds; round++) {
                    pass = Math.min(pass, timePass(store, atMs));
                    seeks = Math.min(seeks, timeSeeks(store, atMs));
                }
                System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %s |%n", depth, megabytes(dir), write, pass, seeks,
                        pass <= seeks ? "one pass" : "seeks");
            } finally {
                store.close();
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** {@code depth} changes per envoy through HostHistory, one event's flush each, in time order across the envoys. */
    private void fill(KeyValueStore<Bytes, StoredMoment> store, int depth) {
        HostHistory history = new HostHistory(store, Duration.ofDays(7));
        EnvoyState[] current = new EnvoyState[envoys]; // each envoy's latest version; null before it joins
        for (int round = 0; round < depth; round++) {
            for (int e = 0; e < envoys; e++) {
                String host = BenchFleet.host(e);
                long atMs = FIRST_MS + round * CHANGE_EVERY_MS + (long) e * CHANGE_EVERY_MS / envoys;
                EnvoyState before = current[e];
                EnvoyState after = before == null ? joined(host, atMs) : EnvoyState.newBuilder(before).build();
                after.setLastSeenMs(atMs);
                after.setCached(after.getCached() + 1);
                after.setFootprintBytes(after.getFootprintBytes() + 1_000_000L + e % 200 * 1_000_000L);
                String sha = String.format(Locale.ROOT, "%064x", (long) e * 131 + round);
                history.envoyChanged(host, atMs, before, after);
                history.record(host, RecordKind.PEER, sha, new PeerHolding(true, 1_000_000L), atMs);
                history.note(host, atMs, "cached", sha, "1000000");
                history.flush();
                current[e] = after;
            }
        }
    }

    private static EnvoyState joined(String host, long atMs) {
        return EnvoyState.newBuilder().setHostname(host).setKnown(true).setOnline(true).setLastSeenMs(atMs)
                .setIntervalMs(15_000).setAgentVersion("0.34.1").setSwarmEnabled(true).setClockSkewMs(0)
                .setCheckInEpoch(1).setCheckInSequence(1).setDeadlineMs(atMs + 37_500).setTags(new TreeMap<>()).build();
    }

    /** µs per envoy of one forward pass as of {@code atMs}. */
    private double timePass(KeyValueStore<Bytes, StoredMoment> store, long atMs) {
        long[] found = {0};
        long started = System.nanoTime();
        HostHistory.envoysAsOf(store, atMs, envoy -> found[0]++);
        double micros = (System.nanoTime() - started) / 1e3 / envoys;
        requireAll(found[0], "the pass");
        return micros;
    }

    /** µs per envoy of one reverse seek per envoy as of {@code atMs}. */
    private double timeSeeks(KeyValueStore<Bytes, StoredMoment> store, long atMs) {
        long found = 0;
        long started = System.nanoTime();
        for (int e = 0; e < envoys; e++) {
            if (HostHistory.envoyAsOf(store, BenchFleet.host(e), atMs) != null) {
                found++;
            }
        }
        double micros = (System.nanoTime() - started) / 1e3 / envoys;
        requireAll(found, "the seeks");
        return micros;
    }

    private void requireAll(long found, String how) {
        if (found != envoys) {
            throw new IllegalStateException(how + " found " + found + " envoys as of the moment, not " + envoys);
        }
    }

    private static double megabytes(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum() / 1e6;
        }
    }
}
