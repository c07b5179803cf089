package io.vigo.swarm.cli;

import io.vigo.swarm.cli.command.CommandTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CommandTreeTest {

    @Test
    void buildsOnlyTheCommandsTheArgumentsName() {
        CommandLine root = VigoCli.COMMANDS.commandLine(List.of("swarm", "status", "--json"));

        assertThat(root.getSubcommands()).containsOnlyKeys("swarm");
        CommandLine swarm = root.getSubcommands().get("swarm");
        assertThat(swarm.getSubcommands()).containsOnlyKeys("status");
        assertThat(swarm.getSubcommands().get("status").getSubcommands()).isEmpty();
    }

    @Test
    void buildsEveryCommandBelowAnArgumentThatNamesNone() {
        CommandLine root = VigoCli.COMMANDS.commandLine(List.of("--help"));

        assertThat(root.getSubcommands()).containsOnlyKeys("swarm", "envoys", "task", "version", "completion");
        CommandLine swarm = root.getSubcommands().get("swarm");
        assertThat(swarm.getSubcommands()).containsOnlyKeys("status", "history", "peers", "cleanup", "refused", "filecast");
        assertThat(swarm.getSubcommands().get("filecast").getSubcommands()).containsOnlyKeys("list", "show", "history", "revoke", "purge");
        assertThat(root.getUsageMessage()).contains("swarm", "envoys", "task");
    }

    @Test
    void aTypoIsRefusedAsAgainstTheWholeLevel() {
        CommandLine root = VigoCli.COMMANDS.commandLine(List.of("swarm", "statsu"));

        assertThat(root.getSubcommands().get("swarm").getSubcommands()).hasSize(6);
        assertThatThrownBy(() -> root.parseArgs("swarm", "statsu"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class)
                .hasMessageContaining("statsu");
    }

    @Test
    void everyNameInTheTreeIsTheCommandsOwn() {
        List<String> mismatches = new ArrayList<>();
        collectMismatches(VigoCli.COMMANDS, mismatches);

        assertThat(mismatches).isEmpty();
    }

    private static void collectMismatches(CommandTree tree, List<String> mismatches) {
        String annotated = tree.command().getAnnotation(Command.class).name();
        if (!annotated.equals(tree.name())) {
            mismatches.add(tree.command().getName() + " is \"" + annotated + "\" but listed as \"" + tree.name() + "\"");
        }
        tree.children().forEach(child -> collectMismatches(child, mismatches));
    }
}
