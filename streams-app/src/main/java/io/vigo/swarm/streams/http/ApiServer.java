package io.vigo.swarm.streams.http;

import io.vigo.swarm.api.PeerSort;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vigo.swarm.http.FailureLog;
import io.vigo.swarm.http.JsonErrorHandler;
import io.vigo.swarm.http.SlowHeaderGuard;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigo.swarm.api.Answer;
import io.vigo.swarm.api.ApiError;
import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.streams.query.NotFoundException;
import io.vigo.swarm.streams.query.SwarmQueries;
import io.vigo.swarm.streams.query.TaskQueries;
import io.vigo.swarm.streams.fleet.PeerOrder;
import io.vigo.swarm.streams.query.ViewsUnavailableException;
import io.vigo.swarm.streams.write.OperatorActions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.LogarithmicArrayByteBufferPool;
import org.eclipse.jetty.server.Connector;

/**
 * The HTTP API of the streams app: thin routes over {@link SwarmQueries}, errors mapped once to a
 * status and {@code {"message": ...}}, plus health, readiness and Prometheus metrics.
 */
public final class ApiServer implements AutoCloseable {

    static final String RETRY_AFTER_SECONDS = "2";
    /** The largest request body any route takes; operator writes are a few hundred bytes. */
    static final long MAX_BODY_BYTES = 64 * 1024;
    private static final ObjectWriter STREAMING_WRITER = Json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /** A request the API refuses: 400 with the reason. */
    static final class BadRequestException extends RuntimeException {
        BadRequestException(String message) {
            super(message);
        }
    }

    /** A well-formed request that cannot be carried out (e.g. a pattern that matches no envoy): 422. */
    static final class UnprocessableException extends RuntimeException {
        UnprocessableException(String message) {
            super(message);
        }
    }

    /** A request that conflicts with the current state: 409 with the reason. */
    static final class ConflictException extends RuntimeException {
        ConflictException(String message) {
            super(message);
        }
    }

    private final Javalin app;
    /** A request line and headers arrive within this, or the connection is closed. */
    static final java.time.Duration REQUEST_HEAD_LIMIT = java.time.Duration.ofSeconds(10);
    private final SlowHeaderGuard slowHeaders = new SlowHeaderGuard(REQUEST_HEAD_LIMIT);
    private final FailureLog failures = new FailureLog(org.slf4j.LoggerFactory.getLogger(ApiServer.class), java.time.Duration.ofMinutes(1));
    private final io.vigo.swarm.streams.web.SwarmFeed feed;

    /**
     * @param writes the operator's write path, or null for a read-only API
     * @param token  the operator token writes must present, or null when writes are disabled
     */
    public ApiServer(SwarmQueries queries, TaskQueries tasks, io.vigo.swarm.streams.query.Partials partials, OperatorActions writes,
            String token, BooleanSupplier ready, Supplier<java.util.Optional<String>> processingProblem, PrometheusMeterRegistry metrics,
            Supplier<io.vigo.swarm.api.ServerVersion> version) {
        String api = VigoApiClient.BASE_PATH;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            // A route's path with the wrong method is 405, not "no such path".
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                server.addBean(bufferPool()); // before Javalin adds its connector, which takes the server's pool
            });
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            io.vigo.swarm.streams.web.WebPages.configure(config);
        });
        app.get(api + "/swarm/status", ctx -> {
            Instant at = momentParam(ctx, "at", false);
            answer(ctx, metrics, at == null ? "status" : "status-at", () -> at == null ? queries.status() : queries.status(at));
        });
        app.get(api + "/swarm/history", ctx -> {
            Instant from = momentParam(ctx, "from", true);
            Instant to = momentParam(ctx, "to", true);
            Duration step = stepParam(ctx.queryParam("step"));
            answer(ctx, metrics, "history", () -> queries.history(from, to, step));
        });
        app.get(api + "/swarm/peers", ctx -> {
            PeerSort sort = sortParam(ctx.queryParam("sort"));
            int limit = limitParam(ctx.queryParam("limit"));
            Instant at = momentParam(ctx, "at", false);
            answer(ctx, metrics, at == null ? "peers" : "peers-at", () -> at == null ? queries.peers(sort, limit) : queries.peers(sort, limit, at));
        });
        app.get(api + "/swarm/refused", ctx -> answer(ctx, metrics, "refused", queries::refused));
        app.get(api + "/swarm/filecast", ctx -> answer(ctx, metrics, "filecast", queries::filecasts));
        app.get(api + "/swarm/filecast/revoked", ctx -> {
            var entries = queries.filecasts();
            if (!entries.complete()) {
                throw new ViewsUnavailableException("not every partition answered; try again shortly");
            }
            List<String> revoked = entries.entries().stream().filter(e -> e.state() == io.vigo.swarm.api.EntryState.REVOKED)
                    .map(io.vigo.swarm.api.ManifestEntries.Entry::sha).sorted().toList();
            conditional(ctx, revoked, new io.vigo.swarm.api.RevokedShas(revoked));
        });
        app.get(api + "/swarm/filecast/{sha}", ctx -> {
            String sha = shaParam(ctx);
            Instant at = momentParam(ctx, "at", false);
            ctx.json(at == null ? queries.filecast(sha, forwarded(ctx)) : queries.filecast(sha, at, forwarded(ctx)));
        });
        app.get(api + "/swarm/filecast/{sha}/history", ctx -> {
            String sha = shaParam(ctx);
            Instant to = java.util.Objects.requireNonNullElseGet(momentParam(ctx, "to", false), Instant::now);
            Instant from = java.util.Objects.requireNonNullElseGet(momentParam(ctx, "from", false), () -> to.minus(Duration.ofDays(1)));
            Duration step = stepParam(ctx.queryParam("step"));
            answer(ctx, metrics, "filecast-history", () -> queries.filecastHistory(sha, from, to, step));
        });
        app.get(api + "/swarm/filecast/{sha}/holders", ctx -> {
            String sha = shaParam(ctx);
            answer(ctx, metrics, "holders", () -> queries.holders(sha));
        });
        app.get(api + "/envoys", ctx -> answer(ctx, metrics, "envoys", queries::envoys));
        app.get(api + "/tasks", ctx -> answer(ctx, metrics, "tasks", tasks::recent));
        app.get(api + "/tasks/{id}", ctx -> answer(ctx, metrics, "task", () -> tasks.task(ctx.pathParam("id"), forwarded(ctx))));
        app.get(api + "/envoys/{host}/tasks", ctx -> {
            // An envoy's tasks go to the envoy through the gateway, which authenticates it; read here only with the instances' secret.
            admitInstances(ctx, partials, "an envoy's pending tasks are served to the gateway, which needs this app's instance.token.file set",
                    "an envoy's pending tasks are for the gateway: present the instance token (instance.token.file)");
            pendingTasks(ctx, tasks, hostParam(ctx));
        });
        app.get(io.vigo.swarm.streams.query.Partials.PATH + "{name}", ctx -> {
            admitInstances(ctx, partials, "this instance answers alone and takes no partial queries (instance.token.file is not set)",
                    "partial queries are for the app's own instances: present the instance token (instance.token.file)");
            Object local;
            try {
                local = partials.local(ctx.pathParam("name"),
                        java.util.Objects.requireNonNullElse(ctx.queryParam(io.vigo.swarm.streams.query.Partials.ARGUMENT), ""));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
            writeJson(ctx, local);
        });
        app.get(api + "/envoys/{host}/history", ctx -> {
            String host = hostParam(ctx);
            Instant since = momentParam(ctx, "since", false);
            Instant from = since != null ? since : Instant.now().minus(Duration.ofDays(1));
            answer(ctx, metrics, "envoy-history", () -> queries.envoyHistory(host, from, forwarded(ctx)));
        });
        app.get(api + "/envoys/{host}", ctx -> {
            String host = hostParam(ctx);
            Instant at = momentParam(ctx, "at", false);
            answer(ctx, metrics, at == null ? "envoy" : "envoy-at", () -> queries.envoy(host, at, forwarded(ctx)));
        });
        app.get(api + "/version", ctx -> ctx.json(version.get()));
        app.get("/health", ctx -> ctx.json(java.util.Map.of("status", "up")));
        app.get("/ready", ctx -> {
            if (ready.getAsBoolean()) {
                ctx.json(java.util.Map.of("status", "ready"));
            } else {
                ctx.status(503).header("Retry-After", RETRY_AFTER_SECONDS).json(new ApiError(
                        processingProblem.get().orElse("restoring: the views are not ready yet")));
            }
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

        new WriteRoutes(queries, tasks, writes, token).register(app);
        this.feed = new io.vigo.swarm.streams.web.SwarmFeed(queries, java.time.Duration.ofSeconds(1));
        new io.vigo.swarm.streams.web.WebPages().register(app, feed);
        app.exception(RefusedRequestException.class, (e, ctx) -> ctx.status(e.status).json(new ApiError(e.getMessage())));
        app.exception(ConflictException.class, (e, ctx) -> ctx.status(409).json(new ApiError(e.getMessage())));
        app.exception(UnprocessableException.class, (e, ctx) -> ctx.status(422).json(new ApiError(e.getMessage())));
        app.exception(BadRequestException.class, (e, ctx) -> ctx.status(400).json(new ApiError(e.getMessage())));
        app.exception(io.vigo.swarm.streams.query.HistoryRequestException.class, (e, ctx) -> ctx.status(400).json(new ApiError(e.getMessage())));
        app.exception(NotFoundException.class, (e, ctx) -> ctx.status(404).json(new ApiError(e.getMessage())));
        app.exception(ViewsUnavailableException.class, (e, ctx) -> ctx.status(503).header("Retry-After", RETRY_AFTER_SECONDS)
                .json(new ApiError(processingProblem.get().map(problem -> e.getMessage() + "; " + problem).orElse(e.getMessage()))));
        // Javalin's own refusals (no such path, wrong method, body too large): the API's error shape.
        app.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(new ApiError(
                switch (e.getStatus()) {
                    case 404 -> "no such path: " + ctx.path();
                    case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
                    case 413 -> "request body larger than " + MAX_BODY_BYTES + " bytes";
                    default -> e.getMessage();
                })));
        app.exception(Exception.class, (e, ctx) -> {
            failures.log(ctx.method() + " " + ctx.path(), e);
            ctx.status(500).json(new ApiError("internal error: " + e.getClass().getSimpleName()));
        });
        app.error(404, ctx -> {
            if (!isJsonOrPage(ctx)) {
                ctx.json(new ApiError("no such path: " + ctx.path()));
            }
        });
        app.error(405, ctx -> {
            if (!isJsonOrPage(ctx)) {
                ctx.json(new ApiError("method " + ctx.method() + " is not allowed on " + ctx.path()));
            }
        });
    }

    /** Lets the request through only with the instances' secret: 403 when this instance has none, 401 for a wrong one. */
    private static void admitInstances(Context ctx, io.vigo.swarm.streams.query.Partials partials, String noTokenHere, String wrongToken) {
        switch (partials.admits(ctx.header("Authorization"))) {
            case NO_TOKEN_HERE -> throw new RefusedRequestException(403, noTokenHere);
            case WRONG_TOKEN -> throw new RefusedRequestException(401, wrongToken);
            case ADMITTED -> { }
        }
    }

    /** Whether a route already answered in JSON (an API error with its own message) or HTML (a page). */
    private static boolean isJsonOrPage(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && (type.startsWith("application/json") || type.startsWith("text/html"));
    }

    /** What Jetty's buffer pool may keep of direct (and of heap) memory, idle and in its retained pool each. */
    static final long POOLED_DIRECT_BYTES = 4L * 1024 * 1024;
    static final long POOLED_HEAP_BYTES = 8L * 1024 * 1024;

    /**
     * Jetty's buffer pool, bounded. The pool Jetty 11 gives a connector by default keeps every idle
     * buffer it was ever given back, without a bound (its maximum memory is -1), so the direct
     * memory it holds off the heap follows the busiest moment the API ever had, for an API whose
     * answers are written in 32 KB pieces (BENCHMARKS.md, "Direct memory: Jetty's buffer pool").
     */
    private static ByteBufferPool bufferPool() {
        return new LogarithmicArrayByteBufferPool(-1, -1, -1,
                POOLED_HEAP_BYTES, POOLED_DIRECT_BYTES, POOLED_HEAP_BYTES, POOLED_DIRECT_BYTES);
    }

    public ApiServer start(String host, int port) {
        app.start(host, port);
        // Every connection opened from now on is watched: a request head must arrive within the limit.
        for (var connector : app.jettyServer().server().getConnectors()) {
            connector.addBean(slowHeaders);
        }
        return this;
    }

    /** The buffer pool of each connector serving. */
    List<ByteBufferPool> bufferPools() {
        return Arrays.stream(app.jettyServer().server().getConnectors()).map(Connector::getByteBufferPool).toList();
    }

    public int port() {
        return app.port();
    }

    /** Times the query, and answers 503 when not every partition could answer. */
    private static void answer(Context ctx, PrometheusMeterRegistry metrics, String endpoint, Supplier<? extends Answer> query)
            throws IOException {
        Timer.Sample sample = Timer.start(metrics);
        Answer answer = query.get();
        sample.stop(metrics.timer("vigo_query_latency", "endpoint", endpoint));
        if (!answer.complete()) {
            metrics.counter("vigo_partial_answers", "endpoint", endpoint).increment();
            throw new ViewsUnavailableException("not every partition answered; try again shortly");
        }
        writeJson(ctx, answer);
    }

    /**
     * Writes {@code body} as JSON straight into the (compressed) response. Not {@code ctx.json}:
     * that builds the whole document as one String first, and a fleet-sized answer ({@code swarm
     * peers --limit 0} at 100,000 envoys, tens of MB) then needs it two or three times over on the
     * heap: it ran a 160 MB heap out of memory (BENCHMARKS.md).
     */
    private static void writeJson(Context ctx, Object body) throws IOException {
        ctx.contentType(ContentType.APPLICATION_JSON);
        STREAMING_WRITER.writeValue(ctx.outputStream(), body); // Javalin finishes and closes the stream
    }

    /** Whether another instance forwarded this request; it is then answered here or not at all. */
    static boolean forwarded(Context ctx) {
        return ctx.header(io.vigo.swarm.streams.query.KeyRouter.FORWARDED_HEADER) != null;
    }

    static String shaParam(Context ctx) {
        String sha = ctx.pathParam("sha");
        if (!Hostnames.isSha256(sha)) {
            throw new BadRequestException("\"" + sha + "\" is not a full sha (64 lower-case hex)");
        }
        return sha;
    }

    static String hostParam(Context ctx) {
        String host = ctx.pathParam("host");
        String problem = Hostnames.problemWith(host);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
        return host;
    }

    /**
     * An agent's pending tasks, cheap to poll: the ETag names the set of pending task ids, and a
     * request that presents it again gets 304 and no body.
     */
    private static void pendingTasks(Context ctx, TaskQueries tasks, String host) {
        io.vigo.swarm.api.PendingTasks pending = tasks.pending(host, forwarded(ctx));
        conditional(ctx, pending.tasks().stream().map(t -> t.taskId()).toList(), pending);
    }

    /** Answers {@code body} with an ETag naming {@code identity}; 304 without a body when the client has it already. */
    private static void conditional(Context ctx, List<String> identity, Object body) {
        String etag = io.vigo.swarm.api.Etags.of(identity);
        ctx.header("ETag", etag);
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.json(body);
    }

    static PeerSort sortParam(String value) {
        if (value == null || value.isEmpty()) {
            return PeerSort.FOOTPRINT;
        }
        try {
            return PeerSort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** An RFC 3339 moment (null when the optional parameter is absent). */
    static Instant momentParam(Context ctx, String name, boolean required) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new BadRequestException(name + " is required: an RFC 3339 moment such as 2026-12-05T09:30:00Z");
            }
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequestException(name + " must be an RFC 3339 moment such as 2026-12-05T09:30:00Z, got \""
                    + Hostnames.printable(value.length() > 64 ? value.substring(0, 64) + "..." : value) + "\"");
        }
    }

    /** A series' step: 1 minute to 1 day, as {@code 15m}, {@code 1h}, {@code 1d}; 1 hour when absent. */
    static Duration stepParam(String value) {
        if (value == null || value.isEmpty()) {
            return Duration.ofHours(1);
        }
        try {
            return io.vigo.swarm.api.Durations.parse("step", value, Duration.ofMinutes(1), Duration.ofDays(1));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    static int limitParam(String value) {
        if (value == null || value.isEmpty()) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit < 0) {
                throw new BadRequestException("limit must be 0 (all) or more, got " + value);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit must be a whole number, got \"" + value + "\"");
        }
    }

    @Override
    public void close() {
        feed.close();
        app.stop();
        slowHeaders.close();
    }
}
