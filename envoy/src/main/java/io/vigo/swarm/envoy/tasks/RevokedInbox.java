package io.vigo.swarm.envoy.tasks;

import java.util.List;

/** Where an envoy learns which manifest entries are revoked, so it can evict their blobs. */
@FunctionalInterface
public interface RevokedInbox {

    List<String> revokedShas();

    RevokedInbox NONE = List::of;
}
