package io.vigo.swarm.api.envoy;

import java.util.List;

/** The body of {@code POST /envoy/v1/reports}: reports in the order the agent made them; all accepted or none. */
public record ReportBatch(List<Report> reports) {
}
