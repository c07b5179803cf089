package io.vigo.swarm.gateway.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigo.swarm.api.Etags;
import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.api.envoy.Accepted;
import io.vigo.swarm.api.envoy.CheckIn;
import io.vigo.swarm.api.envoy.EnrolAnswer;
import io.vigo.swarm.api.envoy.EnrolRequest;
import io.vigo.swarm.api.envoy.EnvoyPaths;
import io.vigo.swarm.api.envoy.Report;
import io.vigo.swarm.api.envoy.ReportBatch;
import io.vigo.swarm.events.protocol.EnvoyProtocol;
import io.vigo.swarm.events.rules.InvalidEventException;
import io.vigo.swarm.gateway.http.Exchange.Answer;
import io.vigo.swarm.gateway.http.Exchange.Request;
import io.vigo.swarm.gateway.identity.EnvoyKeys;
import io.vigo.swarm.gateway.follow.TaskMarks;
import io.vigo.swarm.gateway.identity.KeyBook;
import io.vigo.swarm.gateway.identity.RateLimiter;
import io.vigo.swarm.gateway.publish.EventGate;
import io.vigo.swarm.http.FailureLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The envoy protocol (docs/envoy-protocol.md), without the transport: enrolment with the fleet's
 * secret, then every request signed by the envoy's own key, limited per envoy, its events checked
 * as the envoy's own and answered once Kafka has them. Every refusal is one {@code {"message": ...}}
 * with a fitting status, counted by reason in {@code vigo_gateway_refused_total}.
 *
 * <p>{@link #answer} never blocks: check-ins and reports are checked on the calling thread and
 * answered when Kafka acknowledges; an enrolment (which waits for its record) runs on the
 * {@code blocking} executor; tasks and revoked shas are asked of the tracker asynchronously.
 */
final class EnvoyEndpoints {

    /** How the endpoints limit envoys (the body size is the transport's: BoundedBodies). */
    record Limits(double ratePerSecond, int rateBurst, Duration ackTimeout) {
    }

    static final int MAX_REPORTS_PER_REQUEST = 1000;
    private static final String RETRY_SOON = "1";
    private static final Set<String> ROUTES = Set.of(EnvoyPaths.ENROL, EnvoyPaths.CHECKIN, EnvoyPaths.REPORTS, EnvoyPaths.TASKS,
            EnvoyPaths.REVOKED, "/health", "/ready", "/metrics");
    private static final Logger log = LoggerFactory.getLogger(EnvoyEndpoints.class);

    /**
     * The protocol's JSON, read strictly: a number is a JSON number (no "15000", no 1.5 for an
     * integer), no number or boolean where text is expected, a key appears once, nothing follows
     * the document. Unknown fields are ignored, so a newer agent can talk to an older gateway.
     */
    @SuppressWarnings("deprecation")
    private static final ObjectMapper STRICT = Json.mapper().copy()
            .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);

    static {
        STRICT.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    /** A reader per message: an ObjectMapper would look the type up on every read. */
    private static final Map<Class<?>, ObjectReader> READERS = Map.of(CheckIn.class, STRICT.readerFor(CheckIn.class),
            ReportBatch.class, STRICT.readerFor(ReportBatch.class), EnrolRequest.class, STRICT.readerFor(EnrolRequest.class));
    /** The answer to every check-in, made once. */
    private static final Answer ONE_ACCEPTED = Answer.json(200, new Accepted(1));

    private final EnvoyKeys keys;
    private final KeyBook book;
    private final EventGate gate;
    private final TaskMarks marks;
    private final TrackerRelay tracker;
    private final PrometheusMeterRegistry metrics;
    private final byte[] enrolSecret;
    private final Limits limits;
    private final RateLimiter limiter;
    private final Executor blocking;
    /** Counters looked up once (the registry's own lookup sorts tags on every call): by route, then by status. */
    private final Map<String, Counter[]> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new HashMap<>();
    private final Map<String, Counter> eventCounters = new ConcurrentHashMap<>();
    private final Timer publishLatency;
    /** Task polls answered from the task marks (304, or nothing pending), and those the tracker answered. */
    private final Counter pollsAnsweredHere;
    private final Counter pollsRelayed;
    private final FailureLog failures = new FailureLog(log, Duration.ofMinutes(1));

    EnvoyEndpoints(Limits limits, EnvoyKeys keys, KeyBook book, EventGate gate, TaskMarks marks, TrackerRelay tracker, String enrolSecret,
            PrometheusMeterRegistry metrics, Executor blocking) {
        this.limits = limits;
        this.keys = keys;
        this.book = book;
        this.gate = gate;
        this.marks = marks;
        this.tracker = tracker;
        this.metrics = metrics;
        this.blocking = blocking;
        this.enrolSecret = ("Bearer " + enrolSecret).getBytes(StandardCharsets.UTF_8);
        this.limiter = new RateLimiter(limits.ratePerSecond(), limits.rateBurst());
        metrics.gauge("vigo_gateway_envoys_with_keys", book, KeyBook::hosts);
        metrics.gauge("vigo_gateway_envoys_with_tasks_pending", marks, TaskMarks::hosts);
        this.pollsAnsweredHere = metrics.counter("vigo_gateway_task_polls", "answered", "gateway");
        this.pollsRelayed = metrics.counter("vigo_gateway_task_polls", "answered", "tracker");
        for (String reason : Refusal.REASONS) {
            refusals.put(reason, metrics.counter("vigo_gateway_refused", "reason", reason)); // every reason exported from the start, at 0
        }
        this.publishLatency = metrics.timer("vigo_gateway_publish_latency");
    }

    /** The answer to a whole request; never throws, never blocks the caller. */
    CompletableFuture<Answer> answer(Request request) {
        CompletableFuture<Answer> answer;
        try {
            answer = route(request);
        } catch (Exception e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionally(failure -> failed(request, failure));
    }

    private CompletableFuture<Answer> route(Request request) throws Exception {
        return switch (request.path()) {
            case EnvoyPaths.CHECKIN -> {
                allow(request, "POST");
                String caller = authenticate(request);
                yield publish(EnvoyPaths.CHECKIN, caller, List.of(EnvoyProtocol.toEvent(read(request, CheckIn.class))));
            }
            case EnvoyPaths.REPORTS -> {
                allow(request, "POST");
                String caller = authenticate(request);
                yield publish(EnvoyPaths.REPORTS, caller, events(read(request, ReportBatch.class)));
            }
            case EnvoyPaths.ENROL -> {
                allow(request, "POST");
                yield enrol(request);
            }
            case EnvoyPaths.TASKS -> {
                allow(request, "GET");
                String caller = authenticate(request);
                yield switch (marks.answer(caller, request.ifNoneMatch())) {
                    case UNCHANGED -> {
                        pollsAnsweredHere.increment();
                        yield CompletableFuture.completedFuture(new Answer(304, null, new byte[0], request.ifNoneMatch(), null));
                    }
                    case NOTHING_PENDING -> {
                        pollsAnsweredHere.increment();
                        Answer empty = Answer.json(200, new PendingTasks(caller, List.of()));
                        yield CompletableFuture.completedFuture(new Answer(200, Answer.JSON, empty.body(), Etags.EMPTY, null));
                    }
                    case ASK_THE_TRACKER -> {
                        pollsRelayed.increment();
                        yield tracker.pendingTasks(caller, request.ifNoneMatch()).thenApply(EnvoyEndpoints::relayed);
                    }
                };
            }
            case EnvoyPaths.REVOKED -> {
                allow(request, "GET");
                authenticate(request);
                yield tracker.revokedShas(request.ifNoneMatch()).thenApply(EnvoyEndpoints::relayed);
            }
            case "/health" -> {
                allow(request, "GET");
                yield CompletableFuture.completedFuture(Answer.json(200, Map.of("status", "up")));
            }
            case "/ready" -> {
                allow(request, "GET");
                if (!book.caughtUp()) {
                    throw new Refusal(503, Refusal.NOT_READY, "starting: the gateway has not read the envoys' keys yet", RETRY_SOON);
                }
                yield CompletableFuture.completedFuture(Answer.json(200, Map.of("status", "ready")));
            }
            case "/metrics" -> {
                allow(request, "GET");
                yield CompletableFuture.completedFuture(new Answer(200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8), null, null));
            }
            default -> throw new Refusal(404, Refusal.MALFORMED, "no such path: " + clip(request.path()));
        };
    }

    /** 405 for a known path asked with another method. */
    private static void allow(Request request, String method) {
        if (!request.method().equals(method)) {
            throw new Refusal(405, Refusal.MALFORMED, "method " + clip(request.method()) + " is not allowed on " + request.path());
        }
    }

    private static List<SpecificRecord> events(ReportBatch batch) {
        if (batch.reports() == null || batch.reports().isEmpty()) {
            throw new Refusal(400, Refusal.MALFORMED, "reports is missing or empty");
        }
        if (batch.reports().size() > MAX_REPORTS_PER_REQUEST) {
            throw new Refusal(400, Refusal.MALFORMED, batch.reports().size() + " reports in one request; at most "
                    + MAX_REPORTS_PER_REQUEST + " (send the rest in the next request)");
        }
        List<SpecificRecord> events = new ArrayList<>(batch.reports().size());
        for (int i = 0; i < batch.reports().size(); i++) {
            Report report = batch.reports().get(i);
            if (report == null) {
                throw new Refusal(400, Refusal.MALFORMED, "reports[" + i + "] is null");
            }
            try {
                events.add(EnvoyProtocol.toEvent(report));
            } catch (InvalidEventException e) {
                throw new InvalidEventException("reports[" + i + "]: " + e.getMessage());
            }
        }
        return events;
    }

    /** Checked here; the enrolment record is written and awaited on the blocking executor. */
    private CompletableFuture<Answer> enrol(Request request) {
        if (!book.caughtUp()) {
            throw new Refusal(503, Refusal.NOT_READY, "starting: the gateway has not read the envoys' keys yet", RETRY_SOON);
        }
        byte[] presented = request.authorization() == null ? new byte[0] : request.authorization().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(enrolSecret, presented)) {
            throw new Refusal(401, Refusal.BAD_ENROL_SECRET, "enrolment needs the fleet's enrolment secret as Authorization: Bearer <secret>");
        }
        EnrolRequest enrolment = read(request, EnrolRequest.class);
        String problem = Hostnames.problemWith(enrolment.hostname());
        if (problem == null) {
            problem = EnrolRequest.problemWithEnrolmentId(enrolment.enrolmentId());
        }
        if (problem != null) {
            throw new Refusal(400, Refusal.MALFORMED, problem);
        }
        String host = enrolment.hostname();
        OptionalLong repeated = book.enrolledAs(host, enrolment.enrolmentId());
        if (repeated.isPresent()) {
            log.info("enrolment of {} asked again with its enrolment id: its key (generation {}) issued again", host, repeated.getAsLong());
            return CompletableFuture.completedFuture(Answer.json(200, new EnrolAnswer(host, keys.issue(host, repeated.getAsLong()))));
        }
        if (book.holdsKey(host)) {
            throw new Refusal(409, Refusal.ALREADY_ENROLLED, host + " is enrolled already and its key is valid; an operator resets it with"
                    + " `vigocli envoys reset-key " + host + "` before it enrols again");
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                long generation;
                try {
                    generation = book.enrol(host, enrolment.enrolmentId(), limits.ackTimeout());
                } catch (KeyBook.KeyBookUnavailableException e) {
                    throw new Refusal(503, Refusal.UNAVAILABLE, e.getMessage(), "5");
                }
                log.info("enrolled {} (key generation {})", host, generation);
                return Answer.json(200, new EnrolAnswer(host, keys.issue(host, generation)));
            }, blocking);
        } catch (RejectedExecutionException e) {
            throw new Refusal(503, Refusal.UNAVAILABLE, "too many enrolments at once; retry in a moment", "5");
        }
    }

    /** The hostname whose key signed the request, once the key is current and the envoy within its rate. */
    private String authenticate(Request request) {
        String authorization = request.authorization();
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new Refusal(401, Refusal.NO_KEY, "present the envoy's key as Authorization: Bearer <key> (enrol first for a key)");
        }
        EnvoyKeys.Holder holder = keys.verify(authorization.substring("Bearer ".length()).trim());
        if (holder == null) {
            throw new Refusal(401, Refusal.BAD_KEY, "the key is not one this fleet's gateways issued");
        }
        KeyBook.Host host = book.host(holder);
        switch (KeyBook.check(host, holder)) {
            case SUPERSEDED -> throw new Refusal(401, Refusal.KEY_RESET, "the key of " + holder.hostname()
                    + " was reset or replaced; enrol again with the enrolment secret");
            case NOT_YET_KNOWN -> throw new Refusal(503, Refusal.NOT_READY,
                    "this gateway has not read the key's enrolment yet; retry in a moment", RETRY_SOON);
            case VALID -> { }
        }
        long wait = limiter.admit(host, System.nanoTime());
        if (wait > 0) {
            throw new Refusal(429, Refusal.RATE_LIMITED, holder.hostname() + " sends more than " + limits.ratePerSecond()
                    + " requests per second; retry in " + wait + " s", String.valueOf(wait));
        }
        return holder.hostname();
    }

    private static <T> T read(Request request, Class<T> type) {
        String contentType = request.contentType();
        if (contentType == null || !contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/json")) {
            throw new Refusal(415, Refusal.MALFORMED, "the body must be JSON (Content-Type: application/json)");
        }
        T value;
        try {
            value = READERS.get(type).readValue(request.body());
        } catch (InvalidTypeIdException e) {
            throw new Refusal(400, Refusal.MALFORMED, "unknown report type " + clip(String.valueOf(e.getTypeId()))
                    + "; the types are peerRecordUpdated, peerRecordRemoved, cacheResync, seedAnnounced, seedWithdrawn,"
                    + " seedManifestBroken, taskResult");
        } catch (JsonMappingException e) {
            throw new Refusal(400, Refusal.MALFORMED, "the body is not a valid " + type.getSimpleName() + where(e) + ": "
                    + clip(e.getOriginalMessage().lines().findFirst().orElse("")));
        } catch (IOException e) {
            throw new Refusal(400, Refusal.MALFORMED, "the body is not valid JSON: " + clip(e.getMessage().lines().findFirst().orElse("")));
        }
        if (value == null) {
            throw new Refusal(400, Refusal.MALFORMED, "the body is empty or null");
        }
        return value;
    }

    /** Where in the document a mapping failed, as a JSON path ({@code reports[2].bytes}). */
    private static String where(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(clip(step.getFieldName()));
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " at " + path;
    }

    /** Checks now (a refusal is thrown at once); the answer completes when Kafka acknowledged every event. */
    private CompletableFuture<Answer> publish(String route, String caller, List<SpecificRecord> events) {
        long started = System.nanoTime();
        return gate.publish(caller, events).thenApply(written -> {
            publishLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            eventCounters.computeIfAbsent(route, r -> metrics.counter("vigo_gateway_events", "route", r)).increment(written);
            return written == 1 ? ONE_ACCEPTED : Answer.json(200, new Accepted(written));
        });
    }

    private static Answer relayed(TrackerRelay.Relayed relayed) {
        return new Answer(relayed.status(), relayed.status() == 200 ? Answer.JSON : null, relayed.status() == 200 ? relayed.body() : new byte[0],
                relayed.etag(), null);
    }

    /** What a failed request is answered: its refusal, or 500 (logged, its trace once a minute per kind). */
    private Answer failed(Request request, Throwable thrown) {
        Throwable failure = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (failure instanceof Refusal refusal) {
            return refuse(refusal.status, refusal.reason, refusal.getMessage(), refusal.retryAfter);
        } else if (failure instanceof InvalidEventException) {
            return refuse(400, Refusal.INVALID_EVENT, failure.getMessage(), null);
        } else if (failure instanceof EventGate.ImpersonationException) {
            return refuse(403, Refusal.IMPERSONATION, failure.getMessage(), null);
        } else if (failure instanceof EventGate.UnacknowledgedException unacknowledged) {
            return unacknowledged.tooLarge() ? refuse(413, Refusal.TOO_LARGE, failure.getMessage(), null)
                    : refuse(503, Refusal.UNAVAILABLE, failure.getMessage() + "; nothing is lost: send it again", "5");
        } else if (failure instanceof TrackerRelay.TrackerUnavailableException) {
            return refuse(503, Refusal.UNAVAILABLE, failure.getMessage(), "5");
        }
        failures.log(request.method() + " " + clip(request.path()), failure);
        return Answer.refusal(500, "internal error: " + failure.getClass().getSimpleName(), null);
    }

    /**
     * A refusal the transport makes before a request reaches {@link #answer} (413, a malformed
     * request line, an unmet Expect), counted as every other: by reason, and by route and status.
     */
    Answer refuseBeforeRouting(String path, int status, String reason, String message) {
        answered(path, status);
        return refuse(status, reason, message, null);
    }

    private Answer refuse(int status, String reason, String message, String retryAfter) {
        refusals.get(reason).increment();
        return Answer.refusal(status, message, retryAfter);
    }

    /** Counts an answered request by route and status ({@code vigo_gateway_requests_total}). */
    void answered(String path, int status) {
        String route = path != null && ROUTES.contains(path) ? path : "other";
        Counter[] byStatus = requests.computeIfAbsent(route, r -> new Counter[600]);
        Counter counter = status >= 100 && status < 600 ? byStatus[status] : null;
        if (counter == null) {
            // Made on a route's first answer with a status; two threads making it at once get the registry's same counter.
            counter = metrics.counter("vigo_gateway_requests", "route", route, "status", String.valueOf(status));
            if (status >= 100 && status < 600) {
                byStatus[status] = counter;
            }
        }
        counter.increment();
    }

    /** Echoes at most a short, printable piece of what a client sent. */
    static String clip(String text) {
        return Hostnames.printable(text);
    }

    /** A request refused: status, the reason it is counted under, the one-line message, and when to retry (or null). */
    static final class Refusal extends RuntimeException {
        static final String NO_KEY = "no_key";
        static final String BAD_KEY = "bad_key";
        static final String KEY_RESET = "key_reset";
        static final String BAD_ENROL_SECRET = "bad_enrol_secret";
        static final String ALREADY_ENROLLED = "already_enrolled";
        static final String IMPERSONATION = "impersonation";
        static final String INVALID_EVENT = "invalid_event";
        static final String MALFORMED = "malformed";
        static final String TOO_LARGE = "too_large";
        static final String RATE_LIMITED = "rate_limited";
        static final String NOT_READY = "not_ready";
        static final String UNAVAILABLE = "unavailable";
        static final List<String> REASONS = List.of(NO_KEY, BAD_KEY, KEY_RESET, BAD_ENROL_SECRET, ALREADY_ENROLLED, IMPERSONATION,
                INVALID_EVENT, MALFORMED, TOO_LARGE, RATE_LIMITED, NOT_READY, UNAVAILABLE);

        final int status;
        final String reason;
        final String retryAfter;

        Refusal(int status, String reason, String message) {
            this(status, reason, message, null);
        }

        Refusal(int status, String reason, String message, String retryAfter) {
            super(message, null, false, false);
            this.status = status;
            this.reason = reason;
            this.retryAfter = retryAfter;
        }
    }
}
