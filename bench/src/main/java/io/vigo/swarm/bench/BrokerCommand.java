package io.vigo.swarm.bench;

import io.vigo.swarm.local.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/vigo _broker}: one KRaft broker in its own JVM, so a benchmark can account its CPU apart. */
@Command(name = "_broker", hidden = true, description = "Run one KRaft broker in this process until stopped (used by bench).")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--dir", required = true) Path dir;
    @Option(names = "--port", required = true) int port;
    @Option(names = "--controller-port", required = true) int controllerPort;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, port, controllerPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("broker up on " + kafka.bootstrapServers());
        stopped.await();
        return 0;
    }
}
