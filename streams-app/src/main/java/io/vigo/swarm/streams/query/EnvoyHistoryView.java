package io.vigo.swarm.streams.query;

import io.vigo.swarm.api.EnvoyHistory;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.streams.history.StoredMoment;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@code envoys history}: one envoy's timeline, read with one range on the partition of its hostname, on the instance that owns it. */
final class EnvoyHistoryView {

    private final QueryContext context;
    private final Duration horizon;

    EnvoyHistoryView(QueryContext context, Duration horizon) {
        this.context = context;
        this.horizon = horizon;
    }

    EnvoyHistory history(String hostname, Instant since, boolean forwarded) {
        Instant now = context.now();
        if (since.isAfter(now)) {
            throw new HistoryRequestException("since " + since + " is in the future (now is "
                    + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
        }
        Instant oldest = now.minus(horizon);
        Instant from = since.isBefore(oldest) ? oldest : since; // an older start reads what history still holds
        var owner = context.router().forwardTo(StoreNames.FLEET_INDEX, hostname, forwarded);
        if (owner.isPresent()) {
            return context.router().fetch(owner.get(), VigoApiClient.BASE_PATH + "/envoys/" + hostname + "/history?since=" + from,
                    EnvoyHistory.class);
        }
        int partition = context.stores().partitionOf(StoreNames.FLEET_INDEX, hostname);
        if (partition < 0) {
            throw new ViewsUnavailableException("no instance owns the partition of " + hostname + " yet");
        }
        try {
            ReadOnlyKeyValueStore<Bytes, StoredMoment> store = context.sibling(StoreNames.ENVOY_HISTORY, partition);
            if (context.<String, Object>sibling(StoreNames.FLEET_INDEX, partition).get(hostname) == null) {
                throw new NotFoundException("no envoy named " + hostname + " is known");
            }
            HostHistory.Timeline read = HostHistory.timeline(store, hostname, from.toEpochMilli(), now.toEpochMilli());
            return new EnvoyHistory(now, true, context.lag(), hostname, from, read.changes().stream()
                    .map(c -> new EnvoyHistory.Change(Instant.ofEpochMilli(c.atMs()), c.kind(), c.subject(), c.detail())).toList(), read.more());
        } catch (InvalidStateStoreException e) {
            throw new ViewsUnavailableException("partition " + partition + " is restoring or moving");
        }
    }
}
