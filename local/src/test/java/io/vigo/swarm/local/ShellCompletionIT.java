package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code vigocli completion bash}, loaded into a real bash as the README says, and asked what a
 * TAB would offer: bash calls the function {@code complete -p} names with the words typed so far.
 */
class ShellCompletionIT {

    private static Path script;

    @BeforeAll
    static void generate() throws IOException {
        CliRun run = CliRun.vigocli(java.util.Map.of(), "completion", "bash");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        script = Files.createTempFile("vigocli-completion", ".bash");
        Files.writeString(script, run.stdout(), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(script);
    }

    /** What bash offers for the words typed so far (the last one being completed, maybe empty). */
    private static List<String> tab(String... typed) throws IOException, InterruptedException {
        StringBuilder words = new StringBuilder();
        for (String word : typed) {
            words.append(" '").append(word).append('\'');
        }
        String line = String.join(" ", typed);
        String bash = "source '" + script + "'\n"
                + "fn=$(complete -p vigocli | sed -E 's/.*-F ([^ ]+).*/\\1/')\n"
                + "COMP_WORDS=(" + words.toString().trim() + ")\n"
                + "COMP_CWORD=" + (typed.length - 1) + "\n"
                + "COMP_LINE='" + line + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "\"$fn\" vigocli '" + typed[typed.length - 1] + "' '" + typed[typed.length - 2] + "' 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process process = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().filter(s -> !s.isBlank()).toList();
    }

    @Test
    void completesCommandsFlagsAndSortKeys() throws Exception {
        assertThat(tab("vigocli", "swarm", "pe")).containsExactly("peers");
        assertThat(tab("vigocli", "sw")).containsExactly("swarm");
        assertThat(tab("vigocli", "swarm", "peers", "--so")).containsExactly("--sort");
        assertThat(tab("vigocli", "swarm", "peers", "--sort", "")).containsExactlyInAnyOrder("footprint", "blobs", "hostname");
        assertThat(tab("vigocli", "swarm", "status", "--wa")).containsExactly("--watch");
        assertThat(tab("vigocli", "completion", "")).containsExactlyInAnyOrder("bash", "zsh");
    }

    @Test
    void theZshScriptLoadsBashCompletionEmulation() {
        CliRun run = CliRun.vigocli(java.util.Map.of(), "completion", "zsh");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("bashcompinit").contains("complete -F");
    }
}
