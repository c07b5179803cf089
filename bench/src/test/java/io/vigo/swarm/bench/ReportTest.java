package io.vigo.swarm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    /** A fleet whose every status and peers request took {@code millis}. */
    private static Report.Fleet fleet(int envoys, double idleMillis, double loadedMillis) {
        Report.Fleet fleet = new Report.Fleet(envoys);
        for (String query : List.of("status", "peers")) {
            fleet.samples(query + " idle", Collections.nCopies(100, idleMillis));
            fleet.samples(query + " loaded", Collections.nCopies(100, loadedMillis));
        }
        return fleet;
    }

    @Test
    void latencyScalingIsJudgedFromTheSmallestFleetToOneHundredThousandNotTheLargest() {
        Report report = new Report("bin/vigo bench", Instant.EPOCH, List.of(1_000, 100_000, 200_000), BenchCommand.Settings.FULL);
        report.add(fleet(1_000, 10, 20));
        report.add(fleet(100_000, 12, 30));
        report.add(fleet(200_000, 80, 400)); // past what the box holds: not the size the targets name

        String table = report.table();

        assertThat(table).contains("| status p99 ÷ 1k (100,000 ÷ 1,000): idle / loaded | 1.20 / 1.50 |")
                .contains("| peers p99 ÷ 1k (100,000 ÷ 1,000): idle / loaded | 1.20 / 1.50 |");
    }

    @Test
    void withoutOneHundredThousandTheLargestSizeRunBelowItIsJudged() {
        Report report = new Report("bin/vigo bench --quick", Instant.EPOCH, List.of(1_000, 20_000), BenchCommand.Settings.QUICK);
        report.add(fleet(1_000, 10, 20));
        report.add(fleet(20_000, 5, 10));

        assertThat(report.table()).contains("| status p99 ÷ 1k (20,000 ÷ 1,000): idle / loaded | 0.50 / 0.50 |");
    }

    @Test
    void theCliIsJudgedByItsWarmMedianWithTheBareJvmStartBesideIt() {
        Report report = new Report("bin/vigo bench --quick", Instant.EPOCH, List.of(1_000), BenchCommand.Settings.QUICK);
        report.add(fleet(1_000, 10, 20));
        report.cli(new CliTiming.Runs(List.of(900.0, 480.0, 520.0, 490.0), List.of(130.0, 150.0, 140.0)));

        assertThat(report.table()).contains(
                "| `bin/vigocli swarm status` wall ms: first / median of 3 warm (bare JVM start between them: median) | 900 / 490 (140) | ≤ 500 | met |");
    }

    @Test
    void theCapacityTargetIsJudgedAtThreeHundredThousandAndNamesEachMiss() {
        Report report = new Report("bin/vigo bench", Instant.EPOCH, List.of(100_000, 300_000), BenchCommand.Settings.FULL);
        report.add(fleet(100_000, 1, 10));
        Report.Fleet big = fleet(300_000, 2, 60); // peers loaded over 50 ms
        big.samples("freshness per envoy", List.of(300.0, Probes.TIMED_OUT));
        big.samples("freshness rollup", List.of(400.0));
        big.put("app RSS MB", 750);
        big.put(Report.APP_HEAP_MB, 256);
        big.allocator("jemalloc");
        report.add(big);

        assertThat(report.table()).contains("missed: envoy freshness p99 timed out; status loaded p99 60 ms (≤ 25); peers loaded p99 60 ms (≤ 50) |  | all | MISSED |")
                .contains("| max fleet (largest size run with envoy p99 ≤ 1 s, rollup p99 ≤ 2 s) | 0 of the sizes run |")
                .contains("| streams app RSS MB (its maximum heap, MB; its malloc) | NaN (NaN) | 750 (256; jemalloc) | ≤ 600 |");
        assertThat(report.block()).as("the other measurements name the malloc too").contains("app malloc jemalloc");
    }

    @Test
    void aSizeWithoutCpuPerEventSaysWhyInsteadOfPrintingNaN() {
        Report report = new Report("bin/vigo bench", Instant.EPOCH, List.of(100_000, 300_000), BenchCommand.Settings.FULL);
        Report.Fleet measured = fleet(100_000, 1, 10);
        for (String process : List.of("streams app", "broker", "load generator")) {
            measured.put(Report.cpuPerEvent(process, "no-change check-in"), 30);
            measured.put(Report.cpuPerEvent(process, "cache change"), 140);
        }
        report.add(measured);
        report.add(fleet(300_000, 2, 20)); // its fleet never came back online: the bench skipped the phase

        List<String> cpuRows = report.table().lines().filter(line -> line.startsWith("| CPU per event")).toList();
        assertThat(cpuRows).containsExactly(
                "| CPU per event, streams app µs: no-change check-in / cache change (the fleet online; Vigo: ~55 µs per check-in) | 30 / 140 | "
                        + Report.CPU_NOT_MEASURED + " | (reported) |  |",
                "| CPU per event, broker / load generator µs: no-change check-in; cache change | 30 / 30; 140 / 140 | "
                        + Report.CPU_NOT_MEASURED + " | (reported) |  |");
    }

    @Test
    void withoutThreeHundredThousandTheCapacityTargetIsNotJudged() {
        Report report = new Report("bin/vigo bench --quick", Instant.EPOCH, List.of(1_000), BenchCommand.Settings.QUICK);
        report.add(fleet(1_000, 10, 20));

        assertThat(report.table()).contains("(no fleet of 300,000 run) | all | not judged |");
    }

    @Test
    void theWeekIsReplayedThreeWaysSideBySideWithWhatItTakesOnTheBrokersDisk() {
        Report report = new Report("bin/vigo bench --quick", Instant.EPOCH, List.of(100_000), BenchCommand.Settings.QUICK);
        Report.Fleet fleet = fleet(100_000, 1, 10);
        fleet.put(Report.WEEK_HOURS, 31.4);
        fleet.put(Report.WEEK_HOURS_BASELINE, 9.0);
        fleet.put(Report.WEEK_HOURS_RAW, 2.25);
        fleet.put(Report.WEEK_DISK_GB, 1234.4);
        fleet.put(Report.DISK_BYTES_PER_EVENT, 58.6);
        fleet.put(Report.RAW_READ_PER_SECOND, 612_345);
        report.add(fleet);

        assertThat(report.table())
                .contains("a plain consumer reading them | 31.4 / 9.0 / 2.3 | app ≤ 1 | MISSED |")
                .contains("| 7 days of the workload on the broker's disk, GB (bytes per event of the steady workload; the plain consumer's events/s) | 1,234 (59; 612,345/s) | (reported) |");
    }
}
