package io.vigo.swarm.api;

import java.util.List;
import java.util.Map;

/** {@code POST /api/v1/envoys/{host}/tags}: tags to set and tag keys to remove, in one request. */
public record TagChange(Map<String, String> set, List<String> remove) {
}
