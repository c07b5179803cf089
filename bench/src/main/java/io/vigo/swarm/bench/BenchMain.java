package io.vigo.swarm.bench;

import picocli.CommandLine.Command;

/**
 * {@code bin/vigo bench}: the benchmark harness's own launcher, and of the broker and baseline
 * job it runs in JVMs of their own. The product's launchers know nothing of it.
 */
@Command(name = "vigo", mixinStandardHelpOptions = true, version = "vigo bench 0.1.0",
        subcommands = {BenchCommand.class, GatewayBenchCommand.class, BrokerCommand.class, BaselineCommand.class, PublishCostCommand.class, PollCostCommand.class, MarksMemoryCommand.class, AsOfCostCommand.class})
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        System.exit(io.vigo.swarm.streams.app.StreamsMain.commandLine(new BenchMain(), "vigo").execute(args));
    }
}
