package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.FleetMark;
import java.util.List;

/** The population's marks for the {@code /swarm} page, and whether every partition answered. */
public record FleetMarks(boolean complete, List<FleetMark> marks) {
}
