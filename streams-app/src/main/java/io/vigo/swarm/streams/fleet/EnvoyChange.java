package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.streams.state.EnvoyState;

/**
 * One envoy before and after an event: {@code before} as stored (null for a host never seen),
 * {@code after} a copy the owners of state update in place until {@link FleetLedger#commit} stores
 * it and moves the totals by the difference.
 */
record EnvoyChange(String host, EnvoyState before, EnvoyState after) {

    /** Starts a change from what the ledger holds. */
    static EnvoyChange of(String host, EnvoyState before) {
        if (before != null) {
            return new EnvoyChange(host, before, EnvoyState.newBuilder(before).build());
        }
        // Known only once it checks in; reports that come first are kept for then.
        return new EnvoyChange(host, null, EnvoyState.newBuilder().setHostname(host).setKnown(false).build());
    }

    boolean wasOnline() {
        return before != null && before.getOnline();
    }
}
