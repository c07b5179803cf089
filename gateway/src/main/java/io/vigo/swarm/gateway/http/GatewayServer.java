package io.vigo.swarm.gateway.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigo.swarm.api.ApiError;
import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.envoy.Accepted;
import io.vigo.swarm.api.envoy.CheckIn;
import io.vigo.swarm.api.envoy.EnrolAnswer;
import io.vigo.swarm.api.envoy.EnrolRequest;
import io.vigo.swarm.api.envoy.EnvoyPaths;
import io.vigo.swarm.api.envoy.Report;
import io.vigo.swarm.api.envoy.ReportBatch;
import io.vigo.swarm.events.protocol.EnvoyProtocol;
import io.vigo.swarm.events.rules.InvalidEventException;
import io.vigo.swarm.gateway.identity.EnvoyKeys;
import io.vigo.swarm.gateway.identity.KeyBook;
import io.vigo.swarm.gateway.publish.EventGate;
import io.vigo.swarm.http.FailureLog;
import io.vigo.swarm.http.JsonErrorHandler;
import io.vigo.swarm.http.SlowHeaderGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The envoys' HTTP endpoint (docs/envoy-protocol.md): enrolment with the fleet's secret, then
 * every request signed by the envoy's own key, limited per envoy, its events checked as the
 * envoy's own and answered once Kafka has them. Every refusal is one {@code {"message": ...}}
 * with a fitting status, counted by reason in {@code vigo_gateway_refused_total}.
 */
public final class GatewayServer implements AutoCloseable {

    /** How the server is set up; secrets are passed in, never read or logged here. */
    public record Settings(String host, int port, Path keystore, String keystorePassword, int maxBodyBytes, double ratePerSecond,
            int rateBurst, Duration ackTimeout, Duration idleTimeout) {
    }

    public static final int MAX_REPORTS_PER_REQUEST = 1000;
    static final int SERVER_THREADS = 32;
    private static final String RETRY_SOON = "1";
    private static final Set<String> ROUTES = Set.of(EnvoyPaths.ENROL, EnvoyPaths.CHECKIN, EnvoyPaths.REPORTS, EnvoyPaths.TASKS,
            EnvoyPaths.REVOKED, "/health", "/ready", "/metrics");
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    /**
     * The protocol's JSON, read strictly: a number is a JSON number (no "15000", no 1.5 for an
     * integer), a key appears once, nothing follows the document. Unknown fields are ignored, so
     * a newer agent can talk to an older gateway.
     */
    @SuppressWarnings("deprecation")
    private static final ObjectMapper STRICT = Json.mapper().copy()
            .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);

    static {
        // Nor a number or a boolean where text is expected ("agentVersion": 42).
        STRICT.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
    }

    private final Javalin app;
    private final EnvoyKeys keys;
    private final KeyBook book;
    private final EventGate gate;
    private final TrackerRelay tracker;
    private final PrometheusMeterRegistry metrics;
    private final byte[] enrolSecret;
    private final Settings settings;
    private final RateLimiter limiter;
    /** Counters by route and status, and by refusal reason, looked up once: the registry's own lookup sorts tags on every call. */
    private final java.util.Map<String, io.micrometer.core.instrument.Counter> requests = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, io.micrometer.core.instrument.Counter> refusals = new java.util.HashMap<>();
    private final java.util.Map<String, io.micrometer.core.instrument.Counter> eventCounters = new java.util.concurrent.ConcurrentHashMap<>();
    private final Timer publishLatency;
    private final SlowHeaderGuard slowHeaders = new SlowHeaderGuard(Duration.ofSeconds(10));
    private final FailureLog failures = new FailureLog(log, Duration.ofMinutes(1));
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vigo-gateway-housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    public GatewayServer(Settings settings, EnvoyKeys keys, KeyBook book, EventGate gate, TrackerRelay tracker, String enrolSecret,
            PrometheusMeterRegistry metrics) {
        this.settings = settings;
        this.keys = keys;
        this.book = book;
        this.gate = gate;
        this.tracker = tracker;
        this.metrics = metrics;
        this.enrolSecret = ("Bearer " + enrolSecret).getBytes(StandardCharsets.UTF_8);
        this.limiter = new RateLimiter(settings.ratePerSecond(), settings.rateBurst(), System::nanoTime);
        metrics.gauge("vigo_gateway_envoys_with_keys", book, KeyBook::hosts);
        for (String reason : Refusal.REASONS) {
            refusals.put(reason, metrics.counter("vigo_gateway_refused", "reason", reason)); // every reason exported from the start, at 0
        }
        this.publishLatency = metrics.timer("vigo_gateway_publish_latency");
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = settings.maxBodyBytes();
            // Answers are a few bytes: compressing them costs more than it saves.
            config.http.disableCompression();
            // Requests waiting for Kafka hold no thread (ctx.future), so a few threads serve thousands of envoys.
            config.jetty.threadPool = new org.eclipse.jetty.util.thread.QueuedThreadPool(SERVER_THREADS, 4, 60_000);
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            config.jetty.addConnector((server, http) -> connector(server, http, settings));
            config.requestLogger.http((ctx, ms) -> requests.computeIfAbsent(route(ctx) + " " + ctx.statusCode(), key -> metrics.counter(
                    "vigo_gateway_requests", "route", key.substring(0, key.indexOf(' ')), "status", key.substring(key.indexOf(' ') + 1))).increment());
        });
        routes();
        housekeeping.scheduleAtFixedRate(limiter::forgetIdle, 1, 1, TimeUnit.MINUTES);
    }

    private static ServerConnector connector(org.eclipse.jetty.server.Server server, HttpConfiguration http, Settings settings) {
        // Jetty builds a 96 KB header trie for every connection; with thousands of envoys' keep-alive
        // connections that was the heap's largest part (26 MB of char[] at 256 connections).
        http.setHeaderCacheSize(0);
        ServerConnector connector;
        if (settings.keystore() == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(settings.keystore().toString());
            tls.setKeyStorePassword(settings.keystorePassword());
            tls.setKeyStoreType("PKCS12");
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // agents may reach a gateway by IP or through a balancer's name
            https.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https));
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        return connector;
    }

    private void routes() {
        app.post(EnvoyPaths.ENROL, this::enrol);
        app.post(EnvoyPaths.CHECKIN, ctx -> {
            String caller = authenticate(ctx);
            CheckIn checkIn = read(ctx, CheckIn.class);
            publish(ctx, caller, List.of(EnvoyProtocol.toEvent(checkIn)));
        });
        app.post(EnvoyPaths.REPORTS, ctx -> {
            String caller = authenticate(ctx);
            ReportBatch batch = read(ctx, ReportBatch.class);
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
            publish(ctx, caller, events);
        });
        app.get(EnvoyPaths.TASKS, ctx -> relay(ctx, tracker.pendingTasks(authenticate(ctx), ctx.header("If-None-Match"))));
        app.get(EnvoyPaths.REVOKED, ctx -> {
            authenticate(ctx);
            relay(ctx, tracker.revokedShas(ctx.header("If-None-Match")));
        });
        app.get("/health", ctx -> ctx.json(java.util.Map.of("status", "up")));
        app.get("/ready", ctx -> {
            if (!book.caughtUp()) {
                throw new Refusal(503, Refusal.NOT_READY, "starting: the gateway has not read the envoys' keys yet", RETRY_SOON);
            }
            ctx.json(java.util.Map.of("status", "ready"));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

        app.exception(Refusal.class, (e, ctx) -> refuse(ctx, e.status, e.reason, e.getMessage(), e.retryAfter));
        app.exception(InvalidEventException.class, (e, ctx) -> refuse(ctx, 400, Refusal.INVALID_EVENT, e.getMessage(), null));
        app.exception(EventGate.ImpersonationException.class, (e, ctx) -> refuse(ctx, 403, Refusal.IMPERSONATION, e.getMessage(), null));
        app.exception(EventGate.UnacknowledgedException.class, (e, ctx) -> refuseUnacknowledged(ctx, e));
        app.exception(TrackerRelay.TrackerUnavailableException.class, (e, ctx) -> refuse(ctx, 503, Refusal.UNAVAILABLE, e.getMessage(), "5"));
        app.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> {
            switch (e.getStatus()) {
                case 404, 405 -> refuseRoute(ctx, e.getStatus());
                case 413 -> refuse(ctx, 413, Refusal.TOO_LARGE, "request body larger than " + settings.maxBodyBytes() + " bytes", null);
                default -> refuse(ctx, e.getStatus(), Refusal.MALFORMED, e.getMessage(), null);
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            failures.log(ctx.method() + " " + clip(ctx.path()), e);
            ctx.status(500).json(new ApiError("internal error: " + e.getClass().getSimpleName()));
        });
        for (int status : new int[]{404, 405}) {
            app.error(status, ctx -> {
                if (!answered(ctx)) {
                    refuseRoute(ctx, ctx.statusCode());
                }
            });
        }
    }

    /** No such path (404), or not with this method (405). */
    private void refuseRoute(Context ctx, int status) {
        refuse(ctx, status, Refusal.MALFORMED, status == 404 ? "no such path: " + clip(ctx.path())
                : "method " + ctx.method() + " is not allowed on " + clip(ctx.path()), null);
    }

    private void enrol(Context ctx) throws Exception {
        if (!book.caughtUp()) {
            throw new Refusal(503, Refusal.NOT_READY, "starting: the gateway has not read the envoys' keys yet", RETRY_SOON);
        }
        String authorization = ctx.header("Authorization");
        byte[] presented = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(enrolSecret, presented)) {
            throw new Refusal(401, Refusal.BAD_ENROL_SECRET, "enrolment needs the fleet's enrolment secret as Authorization: Bearer <secret>");
        }
        EnrolRequest request = read(ctx, EnrolRequest.class);
        String problem = Hostnames.problemWith(request.hostname());
        if (problem != null) {
            throw new Refusal(400, Refusal.MALFORMED, problem);
        }
        problem = EnrolRequest.problemWithEnrolmentId(request.enrolmentId());
        if (problem != null) {
            throw new Refusal(400, Refusal.MALFORMED, problem);
        }
        String host = request.hostname();
        OptionalLong repeated = book.enrolledAs(host, request.enrolmentId());
        if (repeated.isPresent()) {
            log.info("enrolment of {} asked again with its enrolment id: its key (generation {}) issued again", host, repeated.getAsLong());
            ctx.json(new EnrolAnswer(host, keys.issue(host, repeated.getAsLong())));
            return;
        }
        if (book.holdsKey(host)) {
            throw new Refusal(409, Refusal.ALREADY_ENROLLED, host + " is enrolled already and its key is valid; an operator resets it with"
                    + " `vigocli envoys reset-key " + host + "` before it enrols again");
        }
        long generation;
        try {
            generation = book.enrol(host, request.enrolmentId(), settings.ackTimeout());
        } catch (KeyBook.KeyBookUnavailableException e) {
            throw new Refusal(503, Refusal.UNAVAILABLE, e.getMessage(), "5");
        }
        log.info("enrolled {} (key generation {})", host, generation);
        ctx.json(new EnrolAnswer(host, keys.issue(host, generation)));
    }

    /** The hostname whose key signed the request, once the key is current and the envoy within its rate. */
    private String authenticate(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new Refusal(401, Refusal.NO_KEY, "present the envoy's key as Authorization: Bearer <key> (enrol first for a key)");
        }
        EnvoyKeys.Holder holder = keys.verify(authorization.substring("Bearer ".length()).trim());
        if (holder == null) {
            throw new Refusal(401, Refusal.BAD_KEY, "the key is not one this fleet's gateways issued");
        }
        switch (book.check(holder)) {
            case SUPERSEDED -> throw new Refusal(401, Refusal.KEY_RESET, "the key of " + holder.hostname()
                    + " was reset or replaced; enrol again with the enrolment secret");
            case NOT_YET_KNOWN -> throw new Refusal(503, Refusal.NOT_READY,
                    "this gateway has not read the key's enrolment yet; retry in a moment", RETRY_SOON);
            case VALID -> { }
        }
        long wait = limiter.admit(holder.hostname());
        if (wait > 0) {
            throw new Refusal(429, Refusal.RATE_LIMITED, holder.hostname() + " sends more than " + settings.ratePerSecond()
                    + " requests per second; retry in " + wait + " s", String.valueOf(wait));
        }
        return holder.hostname();
    }

    private <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/json")) {
            throw new Refusal(415, Refusal.MALFORMED, "the body must be JSON (Content-Type: application/json)");
        }
        T value;
        try {
            value = STRICT.readValue(ctx.bodyAsBytes(), type);
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

    /** Checks now (a refusal is thrown at once), answers when Kafka acknowledged, without holding a server thread meanwhile. */
    private void publish(Context ctx, String caller, List<SpecificRecord> events) {
        Timer.Sample sample = Timer.start(metrics);
        java.util.concurrent.CompletableFuture<Integer> acknowledged = gate.publish(caller, events);
        String route = route(ctx);
        ctx.future(() -> acknowledged.handle((written, failed) -> {
            Throwable failure = failed instanceof java.util.concurrent.CompletionException && failed.getCause() != null ? failed.getCause() : failed;
            if (failure == null) {
                sample.stop(publishLatency);
                eventCounters.computeIfAbsent(route, r -> metrics.counter("vigo_gateway_events", "route", r)).increment(written);
                ctx.json(new Accepted(written));
            } else if (failure instanceof EventGate.UnacknowledgedException unacknowledged) {
                refuseUnacknowledged(ctx, unacknowledged);
            } else {
                failures.log(ctx.method() + " " + clip(ctx.path()), failure);
                ctx.status(500).json(new ApiError("internal error: " + failure.getClass().getSimpleName()));
            }
            return null;
        }));
    }

    private void refuseUnacknowledged(Context ctx, EventGate.UnacknowledgedException e) {
        if (e.tooLarge()) {
            refuse(ctx, 413, Refusal.TOO_LARGE, e.getMessage(), null);
        } else {
            refuse(ctx, 503, Refusal.UNAVAILABLE, e.getMessage() + "; nothing is lost: send it again", "5");
        }
    }

    private static void relay(Context ctx, TrackerRelay.Relayed answer) {
        if (answer.etag() != null) {
            ctx.header("ETag", answer.etag());
        }
        ctx.status(answer.status());
        if (answer.status() == 200) {
            ctx.contentType("application/json").result(answer.body());
        }
    }

    private void refuse(Context ctx, int status, String reason, String message, String retryAfter) {
        refusals.get(reason).increment();
        if (retryAfter != null) {
            ctx.header("Retry-After", retryAfter);
        }
        ctx.status(status).json(new ApiError(message));
    }

    private static boolean answered(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json");
    }

    private static String route(Context ctx) {
        return ROUTES.contains(ctx.path()) ? ctx.path() : "other";
    }

    /** Echoes at most a short, printable piece of what a client sent. */
    private static String clip(String text) {
        return Hostnames.printable(text);
    }

    public GatewayServer start() {
        app.start();
        for (var connector : app.jettyServer().server().getConnectors()) {
            connector.addBean(slowHeaders);
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        app.stop();
        slowHeaders.close();
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
