package io.vigo.swarm.cli.envoys;

import io.vigo.swarm.api.EnvoyDetail;
import io.vigo.swarm.api.EnvoyList;
import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.TagChange;
import io.vigo.swarm.api.Tags;
import io.vigo.swarm.cli.command.ApiOptions;
import io.vigo.swarm.cli.command.CommandTree;
import io.vigo.swarm.cli.command.UsageException;
import io.vigo.swarm.cli.command.ExitCodes;
import io.vigo.swarm.cli.command.Flags;
import io.vigo.swarm.cli.command.NeedsTerminal;
import io.vigo.swarm.cli.command.OutputOptions;
import io.vigo.swarm.cli.render.EnvoyViews;
import io.vigo.swarm.cli.render.Terminal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigocli envoys}: the managed hosts, their tags, and retiring them. */
@Command(name = "envoys", mixinStandardHelpOptions = true, description = "List, show, tag and decommission envoys; reset an envoy's gateway key.")
public final class EnvoysCommand implements Runnable {

    public static final CommandTree TREE = CommandTree.group("envoys", EnvoysCommand.class,
            CommandTree.leaf("list", ListEnvoys.class),
            CommandTree.leaf("show", Show.class),
            CommandTree.leaf("history", History.class),
            CommandTree.leaf("tag", Tag.class),
            CommandTree.leaf("decommission", Decommission.class),
            CommandTree.leaf("reset-key", ResetKey.class));

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list, show, history, tag, decommission or reset-key");
    }

    /** What every envoys subcommand shares. */
    abstract static class EnvoyCommand implements Callable<Integer>, NeedsTerminal {
        @Mixin
        ApiOptions api;

        Terminal terminal;

        @Override
        public void terminal(Terminal terminal) {
            this.terminal = terminal;
        }

        int print(String text) {
            terminal.out().print(text);
            terminal.out().flush();
            return ExitCodes.OK;
        }



        static String host(String hostname) {
            String problem = Hostnames.problemWith(hostname);
            if (problem != null) {
                throw new UsageException(problem);
            }
            return hostname;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every envoy that has checked in.")
    static final class ListEnvoys extends EnvoyCommand {
        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            EnvoyList envoys = api.client().envoys();
            return print(output.render(envoys, () -> new EnvoyViews(terminal).list(envoys)));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Everything the views know of one envoy.")
    static final class Show extends EnvoyCommand {
        @Parameters(index = "0", paramLabel = "HOSTNAME")
        String hostname;

        @Option(names = "--at", paramLabel = "TIME",
                description = "The envoy as it was then: yyyy-MM-dd HH:mm[:ss] (local time), RFC 3339, or relative (-30m, -2h, -3d)")
        String at;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            String host = host(hostname);
            EnvoyDetail envoy = at == null ? api.client().envoy(host) : api.client().envoy(host, Flags.moment("--at", at, terminal.zone()));
            return print(output.render(envoy, () -> new EnvoyViews(terminal).show(envoy)));
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "One envoy's changes in time order: online and offline, blobs, downloads, seeds, tags, tasks, decommission.")
    static final class History extends EnvoyCommand {
        @Parameters(index = "0", paramLabel = "HOSTNAME")
        String hostname;

        @Option(names = "--since", defaultValue = "24h", paramLabel = "DURATION",
                description = "How far back: 30m, 24h, 7d (default: ${DEFAULT-VALUE}); at most the history horizon")
        String since;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            java.time.Duration back = io.vigo.swarm.cli.command.Flags.duration("--since", since, java.time.Duration.ofMinutes(1),
                    java.time.Duration.ofDays(3650));
            io.vigo.swarm.api.EnvoyHistory history = api.client().envoyHistory(host(hostname), java.time.Instant.now().minus(back));
            return print(output.render(history, () -> new EnvoyViews(terminal).history(history)));
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true,
            description = "Set tags (key=value) and remove them (key-), kubectl-style; viz.color=<name|#hex> pins the envoy's colour.")
    static final class Tag extends EnvoyCommand {
        @Parameters(index = "0", paramLabel = "HOSTNAME")
        String hostname;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "key=value|key-")
        List<String> changes;

        @Override
        public Integer call() {
            TagChange change = parse(changes);
            EnvoyDetail envoy = api.writingClient().tag(host(hostname), change);
            StringBuilder out = new StringBuilder("Tagged ").append(envoy.hostname()).append(':');
            change.set().forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
            change.remove().forEach(k -> out.append(' ').append(k).append('-'));
            return print(out.append('\n').toString());
        }

        /** What the JVM makes of argument bytes that are not valid UTF-8. */
        private static final char UNDECODABLE = '\uFFFD';

        static TagChange parse(List<String> changes) {
            Map<String, String> set = new LinkedHashMap<>();
            List<String> remove = new ArrayList<>();
            for (String change : changes) {
                int equals = change.indexOf('=');
                String problem;
                if (equals > 0) {
                    String key = change.substring(0, equals);
                    String value = change.substring(equals + 1);
                    problem = Tags.problemWithKey(key) != null ? Tags.problemWithKey(key) : Tags.problemWithValue(value);
                    if (problem == null && value.indexOf(UNDECODABLE) >= 0) {
                        // The JVM decodes arguments as UTF-8 (bin/vigocli sees to it) and puts U+FFFD for bytes that are not.
                        problem = "tag value of \"" + key + "\" is not valid UTF-8";
                    }
                    set.put(key, value);
                } else if (change.endsWith("-") && change.length() > 1) {
                    String key = change.substring(0, change.length() - 1);
                    problem = Tags.problemWithKey(key);
                    remove.add(key);
                } else {
                    problem = "\"" + change + "\" is neither key=value (set) nor key- (remove)";
                }
                if (problem != null) {
                    throw new UsageException(problem);
                }
            }
            return new TagChange(set, remove);
        }
    }

    @Command(name = "decommission", mixinStandardHelpOptions = true,
            description = "Retire an envoy: it leaves the fleet's counts until it checks in again.")
    static final class Decommission extends EnvoyCommand {
        @Parameters(index = "0", paramLabel = "HOSTNAME")
        String hostname;

        @Override
        public Integer call() {
            EnvoyDetail envoy = api.writingClient().decommission(host(hostname));
            return print("Decommissioned " + envoy.hostname() + ".\n");
        }
    }

    @Command(name = "reset-key", mixinStandardHelpOptions = true,
            description = "Reset an envoy's gateway key: every gateway refuses it within seconds, and the host may enrol again.")
    static final class ResetKey extends EnvoyCommand {
        @Parameters(index = "0", paramLabel = "HOSTNAME")
        String hostname;

        @Override
        public Integer call() {
            io.vigo.swarm.api.KeyReset reset = api.writingClient().resetKey(host(hostname));
            return print("Reset the key of " + reset.hostname() + "; it enrols again with the enrolment secret.\n");
        }
    }
}
