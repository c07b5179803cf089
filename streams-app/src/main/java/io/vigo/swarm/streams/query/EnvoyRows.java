package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.EnvoyColor;
import io.vigo.swarm.api.EnvoyStatus;
import io.vigo.swarm.api.FilecastHolders;
import io.vigo.swarm.api.PeerRow;
import io.vigo.swarm.api.Substrate;
import io.vigo.swarm.streams.fleet.FleetContribution;
import io.vigo.swarm.streams.state.EnvoyState;
import java.time.Instant;

/** How a stored envoy reads in the API's rows: status, substrate, last seen, colour. */
final class EnvoyRows {

    private EnvoyRows() {
    }

    static PeerRow peerRow(EnvoyState envoy) {
        EnvoyColor color = color(envoy);
        return new PeerRow(envoy.getHostname(), status(envoy), substrate(envoy), envoy.getSeeding(), envoy.getCached(),
                envoy.getDownloading(), envoy.getFootprintBytes(), lastSeen(envoy), color.hex(), color.pinned());
    }

    static FilecastHolders.Holder holder(EnvoyState envoy, String role, long bytes) {
        EnvoyColor color = color(envoy);
        return new FilecastHolders.Holder(envoy.getHostname(), role, bytes, status(envoy), color.hex(), color.pinned());
    }

    static EnvoyColor color(EnvoyState envoy) {
        return EnvoyColor.resolve(envoy.getHostname(), envoy.getTags().get(EnvoyColor.TAG));
    }

    static EnvoyStatus status(EnvoyState envoy) {
        return envoy.getOnline() ? EnvoyStatus.ONLINE : EnvoyStatus.OFFLINE;
    }

    static Substrate substrate(EnvoyState envoy) {
        return FleetContribution.substrateActive(envoy) ? Substrate.ACTIVE : Substrate.IDLE;
    }

    static Instant lastSeen(EnvoyState envoy) {
        return envoy.getLastSeenMs() > 0 ? Instant.ofEpochMilli(envoy.getLastSeenMs()) : null;
    }
}
