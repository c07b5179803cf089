package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.streams.state.AllowlistState;
import java.util.List;

/**
 * The seeding allowlist: hostname patterns allowed to seed, plus the server's own hostname, which
 * is always allowed. A malformed pattern in the setting allows nothing (and is shown as is).
 */
final class Allowlist {

    /** Before any allowlist is configured only the server itself may seed; it has no name yet. */
    static final Allowlist NONE = new Allowlist(new AllowlistState(List.of(), ""));

    private final AllowlistState state;
    private final List<HostPattern> patterns;

    Allowlist(AllowlistState state) {
        this.state = state;
        this.patterns = state.getPatterns().stream().flatMap(p -> {
            try {
                return java.util.stream.Stream.of(HostPattern.compile(p));
            } catch (HostPattern.BadPatternException e) {
                return java.util.stream.Stream.empty();
            }
        }).toList();
    }

    boolean allows(String hostname) {
        return hostname.equals(state.getServerHostname()) || patterns.stream().anyMatch(p -> p.matches(hostname));
    }

    AllowlistState state() {
        return state;
    }
}
