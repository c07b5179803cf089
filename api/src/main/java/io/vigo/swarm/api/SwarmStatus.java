package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/swarm/status}: the fleet rollup behind {@code vigocli swarm status}. */
public record SwarmStatus(
        Instant generatedAt,
        boolean complete,
        long inputLagRecords,
        /* Envoys of the substrate population (known, swarm enabled) that are online, and all of them. */
        long envoysOnline,
        long envoysTotal,
        long substrateActive,
        long seedingEnvoys,
        long fleetFootprintBytes,
        long manifestActive,
        long manifestRevoked,
        long activePayload,
        long activeGitback,
        SeedingAllowlist seedingAllowlist,
        /* Records in the dead-letter topic; non-zero means some input was refused. */
        long deadLetters,
        /* The moment an as-of answer describes (SPEC §12); absent from a live answer. */
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant asOf) implements Answer {

    /** The same answer stamped at another moment: to tell whether anything but the time changed. */
    public SwarmStatus withGeneratedAt(Instant at) {
        return new SwarmStatus(at, complete, inputLagRecords, envoysOnline, envoysTotal, substrateActive, seedingEnvoys,
                fleetFootprintBytes, manifestActive, manifestRevoked, activePayload, activeGitback, seedingAllowlist, deadLetters, asOf);
    }

    /** The server's own hostname (always allowed) and the configured patterns. */
    public record SeedingAllowlist(String serverHostname, List<String> patterns) {
    }
}
