package io.vigo.swarm.cli;

import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.cli.command.ApiOptions;
import io.vigo.swarm.cli.command.CommandTree;
import io.vigo.swarm.cli.command.ExitCodes;
import io.vigo.swarm.cli.command.FailureException;
import io.vigo.swarm.cli.command.NeedsTerminal;
import io.vigo.swarm.cli.command.UsageException;
import io.vigo.swarm.cli.envoys.EnvoysCommand;
import io.vigo.swarm.cli.render.Terminal;
import io.vigo.swarm.cli.swarm.SwarmCommand;
import io.vigo.swarm.cli.task.TaskCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code vigocli}, the operator's command line. Exit codes are {@link ExitCodes}'s; errors are one
 * line on stderr, never a stack trace.
 */
@Command(name = "vigocli", mixinStandardHelpOptions = true, versionProvider = VigoCli.Version.class,
        description = "Operator command line of the vigo swarm substrate tracker.")
public final class VigoCli implements Runnable {

    /** Every command; a run builds only those its arguments name (see {@link CommandTree}). */
    public static final CommandTree COMMANDS = CommandTree.group("vigocli", VigoCli.class,
            SwarmCommand.TREE, EnvoysCommand.TREE, TaskCommand.TREE,
            CommandTree.leaf("version", VersionCommand.class), CommandTree.leaf("completion", CompletionCommand.class));

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code vigocli --version}: this build's (the server's too: {@code vigocli version}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vigocli " + io.vigo.swarm.api.Build.current()};
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required, e.g. `vigocli swarm status`");
    }

    public static void main(String[] args) {
        // On a cold JVM two jobs of a run take ~100 ms each and do not depend on each other:
        // picocli building the commands the arguments name, and setting up the JSON mapper and
        // the terminal (time-zone rules, date formats). They run side by side, on two threads.
        CompletableFuture<Terminal> terminal = CompletableFuture.supplyAsync(() -> {
            Json.mapper();
            return Terminal.system();
        }, job -> new Thread(job, "prepare").start());
        CommandLine cli = COMMANDS.commandLine(List.of(args));
        System.exit(execute(cli, terminal.join(), args));
    }

    private static int execute(CommandLine cli, Terminal terminal, String... args) {
        cli.setOut(new java.io.PrintWriter(terminal.out(), true));
        cli.setErr(new java.io.PrintWriter(terminal.err(), true));
        setTerminal(cli, terminal);
        cli.setExitCodeExceptionMapper(new ExitCodes());
        cli.setParameterExceptionHandler(new UsageErrors(terminal));
        cli.setExecutionExceptionHandler(new ExecutionErrors(terminal));
        return cli.execute(args);
    }

    private static void setTerminal(CommandLine cli, Terminal terminal) {
        Object command = cli.getCommand();
        if (command instanceof NeedsTerminal needs) {
            needs.terminal(terminal);
        }
        cli.getSubcommands().values().forEach(sub -> setTerminal(sub, terminal));
    }

    /*
     * The two error handlers are classes rather than lambdas: picocli's handler interfaces are
     * compiled for Java 5, and a lambda implementing one keeps it (and picocli's own handlers) out
     * of the CLI's class-data archive, so every run opened picocli's jar to load them.
     */

    /** A command line picocli cannot parse: one line naming the command's help. */
    private record UsageErrors(Terminal terminal) implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            terminal.err().println("vigocli: " + e.getMessage() + " (see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
            return ExitCodes.USAGE;
        }
    }

    /** What a command throws: one line; the exit code of its kind comes from {@link ExitCodes}. */
    private record ExecutionErrors(Terminal terminal) implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            String message = e.getMessage();
            if (e instanceof ApiException api && api.status() == 0 && !message.contains("bin/vigo up")) {
                message += "; " + ApiOptions.START_HINT;
            } else if (!(e instanceof ApiException || e instanceof UsageException || e instanceof FailureException)) {
                message = e.getClass().getSimpleName() + ": " + message;
            }
            terminal.err().println("vigocli: " + message);
            return commandLine.getExitCodeExceptionMapper().getExitCode(e);
        }
    }
}
