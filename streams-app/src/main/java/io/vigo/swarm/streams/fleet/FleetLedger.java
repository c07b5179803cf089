package io.vigo.swarm.streams.fleet;

import io.vigo.swarm.events.EnvoyTagged;
import io.vigo.swarm.events.EnvoyUntagged;
import io.vigo.swarm.events.rules.EventRules;
import io.vigo.swarm.streams.history.HistoryHorizon;
import io.vigo.swarm.streams.history.HostHistory;
import io.vigo.swarm.streams.history.Totals;
import io.vigo.swarm.streams.history.TotalsHistory;
import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.FleetTotals;
import io.vigo.swarm.streams.state.StoreNames;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * FleetIndex with what is derived from it on the same partition: the peer-order keys and the
 * partition's fleet totals. Every envoy change is stored here, in {@link #commit}, so the totals
 * move by exactly the change in the envoy's contribution. Also keeps the rule every envoy report
 * obeys (it names its own host and is newer than what is held) and the operator's tags.
 */
final class FleetLedger {

    /** Told when an envoy enters or leaves the substrate population (its seeds start or stop counting). */
    interface PopulationListener {
        void populationChanged(String host, boolean inPopulation, long ts);
    }

    private final int partition;
    private final KeyValueStore<String, EnvoyState> fleet;
    private final KeyValueStore<Bytes, String> peerOrder;
    private final KeyValueStore<Integer, FleetTotals> totals;
    private final TotalsHistory<FleetTotals> totalsHistory;
    private final PopulationListener population;
    private final Sensor staleEvents;

    private final HostHistory history;

    FleetLedger(ProcessorContext<?, ?> context, Sensor staleEvents, PopulationListener population, HostHistory history, java.time.Duration horizon) {
        this.history = history;
        this.partition = context.taskId().partition();
        this.fleet = context.getStateStore(StoreNames.FLEET_INDEX);
        this.peerOrder = context.getStateStore(StoreNames.PEER_ORDER);
        PeerOrder.rebuild(peerOrder, fleet); // before the task runs, so no query sees it half built
        this.totals = context.getStateStore(StoreNames.FLEET_TOTALS);
        this.totalsHistory = new TotalsHistory<>(context.getStateStore(StoreNames.FLEET_HISTORY), Totals.FLEET, !HistoryHorizon.off(horizon));
        FleetTotals current = totals.get(partition);
        totalsHistory.startFrom(context.currentSystemTimeMs(), current == null ? new FleetTotals() : current);
        this.population = population;
        this.staleEvents = staleEvents;
    }

    EnvoyState get(String host) {
        return fleet.get(host);
    }

    EnvoyChange open(String host) {
        return EnvoyChange.of(host, fleet.get(host));
    }

    /**
     * Stores the envoy and moves the partition's totals by the change in its contribution, and
     * records that change in the totals' history at {@code ts}, the moment it took effect.
     */
    void commit(EnvoyChange change, long ts) {
        fleet.put(change.host(), change.after());
        PeerOrder.update(peerOrder, change.before(), change.after());
        FleetContribution was = FleetContribution.of(change.before());
        FleetContribution is = FleetContribution.of(change.after());
        if (!was.equals(is)) {
            FleetTotals current = totals.get(partition);
            totals.put(partition, FleetContribution.apply(current == null ? new FleetTotals() : current, was, is));
            totalsHistory.record(ts, FleetContribution.apply(new FleetTotals(), was, is));
        }
        tellTimeline(change, ts);
        history.envoyChanged(change.host(), ts, change.before(), change.after());
        boolean wasIn = FleetContribution.inPopulation(change.before());
        boolean isIn = FleetContribution.inPopulation(change.after());
        if (wasIn != isIn) {
            population.populationChanged(change.host(), isIn, ts);
        }
    }

    /**
     * Applies one envoy report: checks that it names its own host and is newer than what the view
     * holds (a stale one is counted and ignored), lets {@code apply} update the envoy, and commits.
     */
    void report(String key, String hostname, long epoch, long sequence, long ts, Consumer<EnvoyState> apply) {
        EventRules.hostname(key, hostname);
        EnvoyState before = fleet.get(key);
        EventRules.sequence(epoch, sequence, ts, before == null ? -1 : before.getReportEpoch(), before == null ? -1 : before.getReportSequence());
        if (before != null && !newer(epoch, sequence, before.getReportEpoch(), before.getReportSequence())) {
            staleEvents.record();
            return;
        }
        EnvoyChange change = EnvoyChange.of(key, before);
        change.after().setReportEpoch(epoch);
        change.after().setReportSequence(sequence);
        apply.accept(change.after());
        commit(change, ts);
    }

    /** The envoy's own changes (online, offline, decommissioned, tags) into its timeline; counts are the trackers'. */
    private void tellTimeline(EnvoyChange change, long ts) {
        EnvoyState before = change.before();
        EnvoyState after = change.after();
        String host = change.host();
        boolean wasOnline = before != null && before.getKnown() && before.getOnline();
        boolean isOnline = after.getKnown() && after.getOnline();
        if (before != null && before.getKnown() && !after.getKnown()) {
            history.note(host, ts, "decommissioned");
        } else if (!wasOnline && isOnline) {
            history.note(host, ts, "online");
        } else if (wasOnline && !isOnline) {
            history.note(host, ts, "offline");
        }
        Map<String, String> was = before == null ? Map.of() : before.getTags();
        after.getTags().forEach((key, value) -> {
            if (!value.equals(was.get(key))) {
                history.note(host, ts, "tagged", key, value);
            }
        });
        was.keySet().stream().filter(key -> !after.getTags().containsKey(key)).forEach(key -> history.note(host, ts, "untagged", key, ""));
    }

    /**
     * An online envoy whose deadline passed before the sweep noticed, and that checked in again:
     * the live view never showed it offline, but by the rule it was, from its deadline until it
     * returned. History says so (offline from {@code silentFromMs}, back at {@code returnedMs});
     * the totals, which only ever show the present, do not move.
     */
    void silentBetween(EnvoyState envoy, long silentFromMs, long returnedMs) {
        EnvoyState offline = EnvoyState.newBuilder(envoy).setOnline(false).build();
        FleetContribution online = FleetContribution.of(envoy);
        FleetContribution silent = FleetContribution.of(offline);
        totalsHistory.record(silentFromMs, FleetContribution.apply(new FleetTotals(), online, silent));
        totalsHistory.record(returnedMs, FleetContribution.apply(new FleetTotals(), silent, online));
        history.note(envoy.getHostname(), silentFromMs, "offline");
        history.note(envoy.getHostname(), returnedMs, "online");
        history.envoyChanged(envoy.getHostname(), silentFromMs, envoy, offline);
        history.envoyChanged(envoy.getHostname(), returnedMs, offline, envoy);
    }

    /** Forgets history older than {@code cutoffMs} (the horizon). */
    void pruneHistory(long cutoffMs) {
        totalsHistory.pruneBefore(cutoffMs);
    }

    /** A duplicate or a replay of something older than the view holds: counted, then ignored. */
    void countStale() {
        staleEvents.record();
    }

    void tagged(String key, EnvoyTagged event, long ts) {
        EventRules.hostname(key, event.getHostname());
        EventRules.tagKey(event.getKey());
        EventRules.tagValue(event.getValue());
        EnvoyChange change = open(key);
        Map<String, String> tags = new TreeMap<>(change.after().getTags());
        tags.put(event.getKey(), event.getValue());
        change.after().setTags(tags);
        commit(change, ts);
    }

    void untagged(String key, EnvoyUntagged event, long ts) {
        EventRules.hostname(key, event.getHostname());
        EventRules.tagKey(event.getKey());
        EnvoyState before = fleet.get(key);
        if (before == null || !before.getTags().containsKey(event.getKey())) {
            return;
        }
        EnvoyChange change = EnvoyChange.of(key, before);
        Map<String, String> tags = new TreeMap<>(change.after().getTags());
        tags.remove(event.getKey());
        change.after().setTags(tags);
        commit(change, ts);
    }

    /** (epoch, sequence) ordered lexicographically: a new epoch restarts the sequence. */
    static boolean newer(long epoch, long sequence, long heldEpoch, long heldSequence) {
        return epoch > heldEpoch || (epoch == heldEpoch && sequence > heldSequence);
    }
}
