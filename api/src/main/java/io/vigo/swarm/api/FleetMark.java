package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One envoy's mark on the {@code /swarm} page, as the live feed sends it: what the page draws
 * (footprint, colour, status, seeding), what it says on hover, and the tags it filters and groups
 * by. Written as a JSON array, not an object: a whole fleet of 200,000 goes to a new page at once,
 * and the field names would be most of its bytes.
 *
 * <p>{@code ["host0042", "online", 2, 14, 312000000, 1745432643000, "#a6e3a1", {"team": "ops"}]}
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"hostname", "status", "seeding", "cached", "footprintBytes", "lastSeenMs", "color", "tags"})
public record FleetMark(String hostname, EnvoyStatus status, long seeding, long cached, long footprintBytes, long lastSeenMs,
        String color, Map<String, String> tags) {
}
