package io.vigo.swarm.streams.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.sse.SseClient;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.FleetMark;
import io.vigo.swarm.api.SwarmStatus;
import io.vigo.swarm.streams.query.FleetMarks;
import io.vigo.swarm.streams.query.SwarmQueries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live feed of the {@code /swarm} page, as server-sent events. Once a tick, while anyone
 * watches, it reads the status and every envoy of the population from the views (the same fleet-wide
 * queries as the API) and sends only what changed since the last tick: a new client first gets the
 * whole fleet ({@code marks} with {@code reset: true}), then patches. Nothing is read while nobody
 * watches. All sending happens on the one ticker thread, so clients see events in order. Between
 * ticks it keeps a fingerprint of each envoy's mark, not the mark: at 200,000 envoys the marks
 * themselves were tens of MB of a 160 MB heap for as long as a page stayed open.
 *
 * <p>Events: {@code status} (the {@link SwarmStatus}, when anything but its timestamp changed),
 * {@code marks} ({@code {"reset", "more", "upsert": [FleetMark], "remove": [hostname]}}) and
 * {@code unavailable} ({@code {"message"}}, while not every partition answers; the page keeps
 * showing the last picture). A patch goes out as one or more {@code marks} events of at most
 * {@link #PART_ROWS} rows and hostnames; every part but the last says {@code more: true}, and the
 * page applies the patch once the last part is in. Parts, because a whole fleet of 100,000 envoys
 * as one event is a string of tens of MB on the app's small heap.
 */
public final class SwarmFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SwarmFeed.class);

    /** One {@code marks} event: a patch, or a part of one when {@code more} parts follow. */
    record Patch(boolean reset, boolean more, List<FleetMark> upsert, List<String> remove) {

        /** The patch as events of at most {@code maxItems} marks and hostnames each, in order. */
        static List<Patch> inParts(boolean reset, List<FleetMark> upsert, List<String> remove, int maxItems) {
            List<Patch> parts = new ArrayList<>();
            int removed = 0;
            int upserted = 0;
            do { // departures first, then the rows, filling every part up to the limit
                int departures = Math.min(remove.size() - removed, maxItems);
                int rows = Math.min(upsert.size() - upserted, maxItems - departures);
                List<String> partRemove = remove.subList(removed, removed + departures);
                List<FleetMark> partUpsert = upsert.subList(upserted, upserted + rows);
                removed += departures;
                upserted += rows;
                parts.add(new Patch(reset, removed < remove.size() || upserted < upsert.size(), partUpsert, partRemove));
            } while (removed < remove.size() || upserted < upsert.size());
            return parts;
        }
    }

    /** The most marks (or hostnames) in one {@code marks} event: about 500 KB of JSON. */
    static final int PART_ROWS = 5_000;
    /** Events are read by a script, not a person: one line each, without the API's indentation (a third of the bytes). */
    private static final ObjectWriter COMPACT = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

    private record Message(String message) {
    }

    private final SwarmQueries queries;
    private final Duration tick;
    private final Set<SseClient> watching = ConcurrentHashMap.newKeySet();
    private final Set<SseClient> joining = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vigo-swarm-feed");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * What was last sent of one envoy: its mark's fingerprint (the mark's hash; a change whose mark
     * hashes like the one before, about one in four billion, reaches the pages with the envoy's
     * next change), and the tick that last saw the envoy. Updated in place, so a tick allocates
     * nothing for the envoys that did not change.
     */
    private static final class Sent {
        int fingerprint;
        long seenInTick;

        Sent(int fingerprint) {
            this.fingerprint = fingerprint;
        }
    }

    /** By hostname; empty while nobody watches. Touched only by the ticker. */
    private Map<String, Sent> sent = new HashMap<>();
    private long tickNumber;
    private SwarmStatus sentStatus;
    private long quietTicks;
    /** A comment goes out after this many ticks without an event, so proxies and the server keep the stream open. */
    private static final int KEEP_ALIVE_TICKS = 10;

    public SwarmFeed(SwarmQueries queries, Duration tick) {
        this.queries = queries;
        this.tick = tick;
        ticker.schedule(this::tickAndReschedule, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Ticks, then waits the tick interval or four times what the tick took, whichever is longer:
     * reading a very large fleet every second would otherwise take a core from ingest while a page
     * is open. At 5,000 envoys a tick takes a few tens of milliseconds, so the page stays at 1 s.
     */
    private void tickAndReschedule() {
        long start = System.nanoTime();
        tick();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        try {
            ticker.schedule(this::tickAndReschedule, Math.max(tick.toMillis(), 4 * tookMs), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    /** Registers a browser; it gets the whole fleet at once, then the changes. */
    public void connect(SseClient client) {
        client.keepAlive();
        client.onClose(() -> {
            watching.remove(client);
            joining.remove(client);
        });
        joining.add(client);
        try {
            ticker.execute(this::tick); // the fleet at once, not at the next tick
        } catch (java.util.concurrent.RejectedExecutionException e) {
            client.close();
        }
    }

    private void tick() {
        try {
            if (watching.isEmpty() && joining.isEmpty()) {
                if (!sent.isEmpty()) {
                    sent = new HashMap<>(); // the table a whole fleet grew is not kept while nobody watches
                }
                sentStatus = null;
                return;
            }
            SwarmStatus status = queries.status();
            FleetMarks fleet = queries.fleetMarks();
            if (!status.complete() || !fleet.complete()) {
                broadcast(watching, "unavailable", new Message("not every partition answered; showing the last complete picture"));
                broadcast(joining, "unavailable", new Message("not every partition answered yet; waiting"));
                return;
            }
            long thisTick = ++tickNumber;
            List<FleetMark> changed = new ArrayList<>();
            for (FleetMark mark : fleet.marks()) {
                int fingerprint = mark.hashCode();
                Sent before = sent.get(mark.hostname());
                if (before == null) {
                    before = new Sent(fingerprint);
                    sent.put(mark.hostname(), before);
                    changed.add(mark);
                } else if (before.fingerprint != fingerprint) {
                    before.fingerprint = fingerprint;
                    changed.add(mark);
                }
                before.seenInTick = thisTick;
            }
            List<String> gone = new ArrayList<>();
            sent.entrySet().removeIf(entry -> {
                boolean departed = entry.getValue().seenInTick != thisTick;
                if (departed) {
                    gone.add(entry.getKey());
                }
                return departed;
            });
            gone.sort(null);
            boolean statusChanged = sentStatus == null || !sameExceptTime(status, sentStatus);
            if (statusChanged) {
                broadcast(watching, "status", status);
            }
            if (!changed.isEmpty() || !gone.isEmpty()) {
                sendPatch(watching, false, changed, gone);
            } else if (!statusChanged && ++quietTicks % KEEP_ALIVE_TICKS == 0) {
                watching.forEach(client -> client.sendComment("nothing changed")); // keeps idle connections from timing out
            }
            if (!joining.isEmpty()) {
                List<SseClient> arrived = List.copyOf(joining);
                broadcast(arrived, "status", status);
                sendPatch(arrived, true, fleet.marks(), List.of());
                arrived.forEach(joining::remove);
                watching.addAll(arrived);
            }
            sentStatus = status;
        } catch (RuntimeException e) {
            log.debug("swarm feed tick failed: {}", e.toString());
            broadcast(watching, "unavailable", new Message("the views are not answering: " + e.getMessage()));
            // What was sent may be half a patch: every page starts over with the whole fleet.
            sent = new HashMap<>();
            joining.addAll(watching);
            watching.clear();
        }
    }

    private static boolean sameExceptTime(SwarmStatus a, SwarmStatus b) {
        return a.withGeneratedAt(null).equals(b.withGeneratedAt(null));
    }

    private static void sendPatch(java.util.Collection<SseClient> clients, boolean reset, List<FleetMark> upsert, List<String> remove) {
        if (clients.isEmpty()) {
            return;
        }
        for (Patch part : Patch.inParts(reset, upsert, remove, PART_ROWS)) {
            broadcast(clients, "marks", part);
        }
    }

    private static void broadcast(java.util.Collection<SseClient> clients, String event, Object body) {
        if (clients.isEmpty()) {
            return; // a page's first tick has nobody watching yet: nothing to write a whole fleet's JSON for
        }
        String json;
        try {
            json = COMPACT.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (SseClient client : clients) {
            if (!client.terminated()) {
                client.sendEvent(event, json);
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        watching.forEach(SseClient::close);
        joining.forEach(SseClient::close);
    }
}
