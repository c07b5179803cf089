package io.vigo.swarm.cli;

import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.cli.render.Terminal;
import io.vigo.swarm.cli.swarm.SwarmCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vigocli}, the operator's command line. Exit codes: 0 ok; 1 failure; 2 usage error;
 * 3 unavailable or partial (retryable). Errors are one line on stderr, never a stack trace.
 */
@Command(name = "vigocli", mixinStandardHelpOptions = true, version = "vigocli 0.1.0",
        description = "Operator command line of the vigo swarm substrate tracker.",
        subcommands = {SwarmCommand.class, io.vigo.swarm.cli.envoys.EnvoysCommand.class, io.vigo.swarm.cli.task.TaskCommand.class,
                ClassDataTraining.class})
public final class VigoCli implements Runnable {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int UNAVAILABLE = 3;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required, e.g. `vigocli swarm status`");
    }

    public static void main(String[] args) {
        System.exit(run(Terminal.system(), args));
    }

    public static int run(Terminal terminal, String... args) {
        CommandLine cli = new CommandLine(new VigoCli());
        cli.setOut(new java.io.PrintWriter(terminal.out(), true));
        cli.setErr(new java.io.PrintWriter(terminal.err(), true));
        setTerminal(cli, terminal);
        cli.setParameterExceptionHandler((e, arguments) -> {
            terminal.err().println("vigocli: " + e.getMessage() + " (see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException) {
                terminal.err().println("vigocli: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof ApiException api) {
                String hint = api.status() == 0 ? "; " + ApiOptions.START_HINT : "";
                terminal.err().println("vigocli: " + api.getMessage() + (api.getMessage().contains("bin/vigo up") ? "" : hint));
                return api.retryable() ? UNAVAILABLE : (api.status() == 400 ? USAGE : FAILURE);
            }
            if (e instanceof FailureException) {
                terminal.err().println("vigocli: " + e.getMessage());
                return FAILURE;
            }
            terminal.err().println("vigocli: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return FAILURE;
        });
        return cli.execute(args);
    }

    private static void setTerminal(CommandLine cli, Terminal terminal) {
        Object command = cli.getCommand();
        if (command instanceof NeedsTerminal needs) {
            needs.terminal(terminal);
        }
        cli.getSubcommands().values().forEach(sub -> setTerminal(sub, terminal));
    }

    /** A command that prints through the shared terminal. */
    public interface NeedsTerminal {
        void terminal(Terminal terminal);
    }
}
