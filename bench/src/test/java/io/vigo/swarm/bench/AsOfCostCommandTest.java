package io.vigo.swarm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AsOfCostCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new AsOfCostCommand()).execute(args);
            return new Run(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void measuresBothReadsAtEachDepthOnTheAppsOwnStore() {
        Run run = run("--envoys", "300", "--depths", "2,6", "--rounds", "1");

        assertThat(run.exit()).as(run.err()).isZero();
        // A read that missed an envoy as of the moment fails the command instead of printing a row.
        List<String> rows = Arrays.stream(run.out().split("\n")).filter(line -> line.matches("\\| \\d+ \\|.*")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("| 2 |");
        assertThat(rows.get(1)).startsWith("| 6 |");
        for (String row : rows) {
            String[] cells = row.split("\\|");
            assertThat(Double.parseDouble(cells[3].trim())).as("a history write µs").isPositive();
            assertThat(Double.parseDouble(cells[4].trim())).as("one pass µs per envoy").isPositive();
            assertThat(Double.parseDouble(cells[5].trim())).as("a seek per envoy µs").isPositive();
            assertThat(cells[6].trim()).isIn("one pass", "seeks");
        }
    }

    @Test
    void refusesSizesItCannotMeasureWithOneLine() {
        Run tooFew = run("--envoys", "5");
        assertThat(tooFew.exit()).isEqualTo(2);
        assertThat(tooFew.err().strip()).isEqualTo("vigo _bench-asof: --envoys must be within 100..1000000, not 5");

        Run shallow = run("--depths", "1");
        assertThat(shallow.exit()).isEqualTo(2);
        assertThat(shallow.err().strip()).isEqualTo("vigo _bench-asof: --rounds must be within 1..20 and each depth within 2..10000");
    }
}
