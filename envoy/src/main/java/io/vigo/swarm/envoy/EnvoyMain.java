package io.vigo.swarm.envoy;

import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The envoy side's own launcher: the {@code agent} of one real host, and a {@code simulate}d
 * fleet for trials and benchmarks. docker-compose.yml runs the simulator from here.
 */
@Command(name = "vigo-envoy", mixinStandardHelpOptions = true, version = "vigo-envoy 0.1.0",
        description = "The vigo swarm envoy agent, and a simulated fleet.",
        subcommands = {AgentCommand.class, SimulateCommand.class})
public final class EnvoyMain {

    private EnvoyMain() {
    }

    public static void main(String[] args) {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        CommandLine cli = new CommandLine(new EnvoyMain());
        cli.setParameterExceptionHandler((e, arguments) -> {
            System.err.println("vigo-envoy: " + e.getMessage() + " (see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            System.err.println("vigo-envoy: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        });
        System.exit(cli.execute(args));
    }

    /** Blocks until Ctrl-C or SIGTERM, then lets the shutdown hook stop {@code running} in order. */
    static void runUntilStopped(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "vigo-shutdown"));
        stopped.await();
    }
}
