package io.vigo.swarm.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The gateway's own launcher: {@code vigo-gateway run --config FILE} (docs/deployment.md lists the keys). */
@Command(name = "vigo-gateway", mixinStandardHelpOptions = true, version = "vigo-gateway 0.1.0",
        description = "The vigo swarm envoy gateway: the envoys' HTTP endpoint in front of Kafka.",
        subcommands = {GatewayMain.Run.class})
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        CommandLine cli = new CommandLine(new GatewayMain());
        cli.setParameterExceptionHandler((e, arguments) -> {
            System.err.println("vigo-gateway: " + e.getMessage() + " (see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            System.err.println("vigo-gateway: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one gateway until Ctrl-C or SIGTERM.")
    static final class Run implements Callable<Integer> {

        @Option(names = "--config", paramLabel = "FILE", description = "Properties file; VIGO_GATEWAY_<KEY> variables override it")
        Path config;

        @Override
        public Integer call() throws Exception {
            Properties file = new Properties();
            if (config != null) {
                try (InputStream in = Files.newInputStream(config)) {
                    file.load(in);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read --config " + config + ": " + e.getMessage());
                }
            }
            Gateway gateway = Gateway.start(GatewayConfig.from(file, System.getenv()));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gateway.close();
                stopped.countDown();
            }, "vigo-gateway-shutdown"));
            stopped.await();
            return 0;
        }
    }
}
