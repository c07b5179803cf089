package io.vigo.swarm.bench;

import java.util.List;

/** Percentiles by nearest rank: the smallest sample with at least p % of the samples at or below it. */
final class Stats {

    private Stats() {
    }

    static double percentile(List<Double> samples, double p) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
