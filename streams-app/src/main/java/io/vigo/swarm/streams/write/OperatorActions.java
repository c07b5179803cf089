package io.vigo.swarm.streams.write;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an operator can do through the API. Each action becomes events and returns once the views
 * show them; {@link OperatorWrites} is the one implementation that writes to Kafka.
 */
public interface OperatorActions {

    void tag(String hostname, Map<String, String> set, List<String> remove, String operator);

    /** Retires the envoy; its gateway key is reset too. */
    void decommission(String hostname, String operator);

    /** Resets the envoy's gateway key (every gateway refuses it within seconds); returns when Kafka has the reset. */
    java.time.Instant resetKey(String hostname, String operator);

    void revoke(String sha, String operator);

    void purge(List<String> shas, String operator);

    /** The task and one assignment per target, all of them or none. */
    void dispatch(String taskId, String verb, String pattern, List<String> targets, String operator, Duration ttl);
}
