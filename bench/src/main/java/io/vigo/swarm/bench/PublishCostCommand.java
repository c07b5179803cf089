package io.vigo.swarm.bench;

import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.topics.TopicNames;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/vigo _bench-publish}: what publishing costs the load generator per event, apart from
 * everything else the bench's process does (its probes, task polls, progress reads, the JIT of its
 * first seconds). Rounds of check-ins through the agents' own {@link EnvoyPublisher} against a
 * running system ({@code bin/vigo up}); CPU is the whole process's over each round: building the
 * events, the registry serde, the producer and its network thread, GC. The first round warms up.
 */
@Command(name = "_bench-publish", hidden = true,
        description = "Process CPU µs per check-in published through the agents' publisher, against a running system (bin/vigo up).")
public final class PublishCostCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092") String bootstrapServers;
    @Option(names = "--registry-url", defaultValue = "http://127.0.0.1:8081/apis/ccompat/v7") String registryUrl;
    @Option(names = "--topic-prefix", defaultValue = "vigo.") String topicPrefix;
    @Option(names = "--events", defaultValue = "300000", description = "Check-ins per round (default: ${DEFAULT-VALUE})") int events;
    @Option(names = "--rounds", defaultValue = "4", description = "Rounds, the first a warm-up (default: ${DEFAULT-VALUE})") int rounds;

    private static final int HOSTS = 10_000;

    @Override
    public Integer call() {
        String[] hosts = new String[HOSTS];
        for (int i = 0; i < HOSTS; i++) {
            hosts[i] = "publish-cost-" + i + ".bench";
        }
        long epoch = System.currentTimeMillis();
        long sequence = 0;
        long pid = ProcessHandle.current().pid();
        try (EnvoyPublisher publisher = new EnvoyPublisher(bootstrapServers, registryUrl, new TopicNames(topicPrefix))) {
            for (int round = 0; round < rounds; round++) {
                double cpuBefore = ProcessStats.cpuSeconds(pid);
                long started = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    String host = hosts[i % HOSTS];
                    publisher.publish(host, new EnvoyCheckIn(host, "bench", BenchFleet.INTERVAL_MS, true, Instant.now(), epoch, ++sequence));
                }
                publisher.flush();
                double seconds = (System.nanoTime() - started) / 1e9;
                double micros = (ProcessStats.cpuSeconds(pid) - cpuBefore) * 1e6 / events;
                System.out.printf(java.util.Locale.ROOT, "round %d%s: %.1f µs of process CPU per check-in, %,.0f check-ins/s%n",
                        round, round == 0 ? " (warm-up)" : "", micros, events / seconds);
            }
        }
        return 0;
    }
}
