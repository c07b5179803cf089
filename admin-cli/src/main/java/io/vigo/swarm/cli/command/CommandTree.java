package io.vigo.swarm.cli.command;

import java.util.List;
import picocli.CommandLine;

/**
 * The shape of vigocli's commands, from which each run builds only the part its arguments name.
 *
 * <p>Picocli builds a command's model from its annotations by reflection: on the CLI's cold JVM the
 * whole tree of 19 commands took 65–80 ms, the path {@code vigocli swarm status} 12 ms, at a run's
 * ~470 ms wall time. So the tree is declared here instead of in {@code @Command(subcommands = …)}
 * (which picocli always builds whole), and {@link #commandLine} walks the arguments level by level:
 * an argument that names a child builds that child only; anything else there (an option such as
 * {@code --help}, a typo, nothing) builds every child below, so picocli answers exactly as it
 * would with the whole tree: usage lists every command, and an unknown one is refused with its
 * siblings named.
 *
 * @param name the command's name, as in its {@code @Command(name = …)}
 * @param command the annotated class, instantiated by picocli
 * @param children its subcommands, in the order the usage help lists them
 */
public record CommandTree(String name, Class<?> command, List<CommandTree> children) {

    public CommandTree {
        children = List.copyOf(children);
    }

    public static CommandTree leaf(String name, Class<?> command) {
        return new CommandTree(name, command, List.of());
    }

    public static CommandTree group(String name, Class<?> command, CommandTree... children) {
        return new CommandTree(name, command, List.of(children));
    }

    /** The command line for a run with these arguments: the commands they name, and the whole tree where they name none. */
    public CommandLine commandLine(List<String> args) {
        CommandLine line = new CommandLine(command);
        CommandTree named = args.isEmpty() ? null : child(args.get(0));
        if (named != null) {
            line.addSubcommand(named.name, named.commandLine(args.subList(1, args.size())));
        } else {
            for (CommandTree child : children) {
                line.addSubcommand(child.name, child.commandLine(List.of()));
            }
        }
        return line;
    }

    private CommandTree child(String arg) {
        return children.stream().filter(c -> c.name.equals(arg)).findFirst().orElse(null);
    }
}
