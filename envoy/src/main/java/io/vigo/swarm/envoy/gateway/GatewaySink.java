package io.vigo.swarm.envoy.gateway;

import io.vigo.swarm.api.envoy.Report;
import io.vigo.swarm.envoy.publish.EventSink;
import io.vigo.swarm.events.CacheResync;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.protocol.EnvoyProtocol;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's events, delivered through the gateway: queued as they are made, sent in order on
 * {@link #flush()} (the latest check-in, then the reports in batches), and kept queued while the
 * gateway is away or asks to wait (429, 503, Retry-After), so nothing is lost to a gateway restart.
 * A future completes once the gateway acknowledged its event, or fails when that flush failed.
 */
public final class GatewaySink implements EventSink {

    /** Reports kept for a gateway that is away; beyond this the oldest go (the periodic resync restores them). */
    static final int MAX_QUEUED = 10_000;
    static final int MAX_BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(GatewaySink.class);

    private record Queued(SpecificRecord event, CompletableFuture<Void> acked) {
    }

    private final GatewayClient gateway;
    private final EnvoyCredentials credentials;
    private final LongSupplier nanoTime;
    private final Deque<Queued> reports = new ArrayDeque<>();
    private Queued checkIn;
    private long notBeforeNanos;
    private String lastProblem;

    public GatewaySink(GatewayClient gateway, EnvoyCredentials credentials, LongSupplier nanoTime) {
        this.gateway = gateway;
        this.credentials = credentials;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized Future<?> send(String key, SpecificRecord event) {
        Queued queued = new Queued(event, new CompletableFuture<>());
        if (event instanceof EnvoyCheckIn) {
            if (checkIn != null) {
                checkIn.acked().complete(null); // superseded: only the latest check-in is worth sending
            }
            checkIn = queued;
        } else {
            reports.add(queued);
            if (reports.size() > MAX_QUEUED) {
                reports.removeFirst().acked().completeExceptionally(new IOException("dropped: more than " + MAX_QUEUED + " reports queued"));
                log.warn("more than {} reports wait for the gateway; dropping the oldest (the next resync restores them)", MAX_QUEUED);
            }
        }
        return queued.acked();
    }

    /** Sends what is queued, unless the gateway asked to wait; never throws (failures are logged and retried on a later flush). */
    @Override
    public synchronized void flush() {
        if (nanoTime.getAsLong() - notBeforeNanos < 0) {
            failWaiting(new IOException("the gateway asked to wait: " + lastProblem));
            return;
        }
        String key = null;
        try {
            key = credentials.key();
            if (checkIn != null) {
                gateway.checkIn(key, EnvoyProtocol.toMessage((EnvoyCheckIn) checkIn.event()));
                checkIn.acked().complete(null);
                checkIn = null;
            }
            while (!reports.isEmpty()) {
                List<Queued> batch = nextBatch();
                List<Report> messages = new ArrayList<>(batch.size());
                batch.forEach(q -> messages.add(EnvoyProtocol.toMessage(q.event())));
                try {
                    gateway.reports(key, messages);
                } catch (GatewayClient.GatewayException e) {
                    if (!e.retryable() && e.status() != 401) {
                        batch.forEach(q -> reports.removeFirst().acked().completeExceptionally(new IOException(e.getMessage())));
                        log.error("the gateway refused {} report(s) ({}): {}; they are dropped", batch.size(), e.status(), e.getMessage());
                        continue;
                    }
                    throw e;
                }
                batch.forEach(q -> reports.removeFirst().acked().complete(null)); // the batch is the queue's head
            }
            if (lastProblem != null) {
                log.info("the gateway at {} takes this envoy's events again", gateway.gateway());
                lastProblem = null;
            }
        } catch (GatewayClient.GatewayException e) {
            handle(e, key);
        } catch (IOException | IllegalStateException e) {
            problem(e.getMessage(), 1);
        }
    }

    private void handle(GatewayClient.GatewayException e, String key) {
        if (e.status() == 401 && key != null) {
            try {
                credentials.dropKey(key);
            } catch (IOException io) {
                log.warn("cannot remove the refused key: {}", io.getMessage());
            }
            problem(e.getMessage(), 0);
        } else if (e.retryable()) {
            problem(e.getMessage(), Math.max(1, e.retryAfterSeconds()));
        } else {
            // A refused check-in (400, 403, 409): waiting does not help; the next tick makes a new one.
            if (checkIn != null) {
                checkIn.acked().completeExceptionally(new IOException(e.getMessage()));
                checkIn = null;
            }
            problem(e.getMessage(), 1);
        }
    }

    /** Logs a problem once (not on every retry of the same one), and waits before the next attempt. */
    private void problem(String message, long waitSeconds) {
        if (!message.equals(lastProblem)) {
            log.warn("cannot deliver to the gateway ({} report(s) queued, kept): {}", reports.size(), message);
        }
        lastProblem = message;
        notBeforeNanos = nanoTime.getAsLong() + waitSeconds * 1_000_000_000L;
        failWaiting(new IOException(message));
    }

    /** Whoever waits for an acknowledgement learns now that it did not come; the events stay queued for a later flush. */
    private void failWaiting(IOException why) {
        List<Queued> kept = new ArrayList<>(reports.size());
        for (Queued q : reports) {
            q.acked().completeExceptionally(why);
            kept.add(new Queued(q.event(), new CompletableFuture<>()));
        }
        reports.clear();
        reports.addAll(kept);
    }

    /** The next reports to send: up to {@link #MAX_BATCH}, a resync or one page of it alone (it can be large). */
    private List<Queued> nextBatch() {
        List<Queued> batch = new ArrayList<>();
        for (Queued q : reports) {
            boolean resync = q.event() instanceof CacheResync || q.event() instanceof io.vigo.swarm.events.CacheResyncPage;
            if (!batch.isEmpty() && (resync || batch.size() >= MAX_BATCH)) {
                break;
            }
            batch.add(q);
            if (resync) {
                break;
            }
        }
        return batch;
    }

    synchronized int queued() {
        return reports.size() + (checkIn == null ? 0 : 1);
    }
}
