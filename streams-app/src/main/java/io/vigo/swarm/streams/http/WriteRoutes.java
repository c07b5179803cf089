package io.vigo.swarm.streams.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vigo.swarm.api.ApiError;
import io.vigo.swarm.api.CleanupRequest;
import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.api.TaskView;
import io.vigo.swarm.api.Hostnames;
import io.vigo.swarm.api.ManifestEntries;
import io.vigo.swarm.api.PurgeResult;
import io.vigo.swarm.api.TagChange;
import io.vigo.swarm.api.Tags;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.streams.query.SwarmQueries;
import io.vigo.swarm.streams.query.TaskQueries;
import io.vigo.swarm.streams.tasks.EnvoyTaskBook;
import io.vigo.swarm.streams.write.OperatorActions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator's writes: tags, decommission, revoke, purge. Each needs the operator token, is
 * validated before anything is written, becomes an event, and answers once the views show it.
 */
final class WriteRoutes {

    static final String OPERATOR_HEADER = "X-Vigo-Operator";

    static final java.time.Duration TASK_TTL = java.time.Duration.ofDays(7);
    /** Tags set and removed in one request: an operator's change, not a bulk load. */
    static final int MAX_TAG_CHANGES = 100;

    private final SwarmQueries queries;
    private final TaskQueries tasks;
    private final OperatorActions writes;
    private final byte[] token;

    WriteRoutes(SwarmQueries queries, TaskQueries tasks, OperatorActions writes, String token) {
        this.queries = queries;
        this.tasks = tasks;
        this.writes = writes;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    void register(Javalin app) {
        String api = VigoApiClient.BASE_PATH;
        app.before(api + "/*", ctx -> {
            if (ctx.method().name().equals("POST")) {
                authorize(ctx);
                requireJsonBody(ctx);
            }
        });
        app.post(api + "/swarm/cleanup", this::cleanup);
        app.post(api + "/envoys/{host}/tags", this::tag);
        app.post(api + "/envoys/{host}/decommission", this::decommission);
        app.post(api + "/envoys/{host}/reset-key", this::resetKey);
        app.post(api + "/swarm/filecast/purge", this::purge);
        app.post(api + "/swarm/filecast/{sha}/revoke", this::revoke);
    }

    /** A write's body, when it has one, is JSON and says so: anything else is 415, before it is read. */
    private static void requireJsonBody(Context ctx) {
        String type = ctx.contentType();
        boolean json = type != null && type.split(";", 2)[0].trim().equalsIgnoreCase("application/json");
        if (!json && (type != null || ctx.contentLength() > 0)) {
            throw new RefusedRequestException(415, "writes take a JSON body with Content-Type: application/json, not "
                    + (type == null ? "no content type" : "\"" + abbreviate(type) + "\""));
        }
    }

    /** Reads the body as {@code type}; anything that is not that JSON is one 400 naming the expected shape. */
    private static <T> T body(Context ctx, Class<T> type, String shape) {
        T value;
        try {
            value = ctx.bodyAsClass(type);
        } catch (io.javalin.http.HttpResponseException refused) {
            throw refused; // e.g. 413, a body over the limit: said as such, not as a bad shape
        } catch (Exception unreadable) { // Jackson's checked JsonProcessingException arrives undeclared
            throw new ApiServer.BadRequestException("the body must be " + shape);
        }
        if (value == null) {
            throw new ApiServer.BadRequestException("the body must be " + shape);
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private void authorize(Context ctx) {
        if (token == null || writes == null) {
            throw new RefusedRequestException(403, "writes are disabled: this server has no operator token configured");
        }
        String header = ctx.header("Authorization");
        byte[] presented = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8) : null;
        if (presented == null || !MessageDigest.isEqual(presented, token)) {
            throw new RefusedRequestException(401, "writes need the operator token: pass --token-file or VIGO_TOKEN "
                    + "(a local system keeps it in <data-dir>/operator.token)");
        }
    }

    private void tag(Context ctx) {
        String host = hostParam(ctx);
        TagChange change = body(ctx, TagChange.class, "{\"set\": {\"key\": \"value\"}, \"remove\": [\"key\"]}");
        Map<String, String> set = change.set() == null ? Map.of() : change.set();
        List<String> remove = change.remove() == null ? List.of() : change.remove();
        if (set.isEmpty() && remove.isEmpty()) {
            throw new ApiServer.BadRequestException("nothing to change: give tags to set and/or keys to remove");
        }
        if (set.size() + remove.size() > MAX_TAG_CHANGES) {
            throw new ApiServer.BadRequestException("at most " + MAX_TAG_CHANGES + " tags per change, not " + (set.size() + remove.size()));
        }
        List<String> problems = new ArrayList<>();
        set.forEach((key, value) -> {
            add(problems, Tags.problemWithKey(key));
            add(problems, Tags.problemWithValue(value));
        });
        remove.forEach(key -> add(problems, Tags.problemWithKey(key)));
        if (!problems.isEmpty()) {
            String shown = String.join("; ", problems.subList(0, Math.min(problems.size(), 3)));
            throw new ApiServer.BadRequestException(problems.size() <= 3 ? shown : shown + "; and " + (problems.size() - 3) + " more");
        }
        queries.envoy(host); // 404 for an envoy the views do not know
        writes.tag(host, set, remove, operator(ctx));
        ctx.json(queries.envoy(host));
    }

    /** Dispatches the cleanup verb to the population matching the target; a retried request finds its task. */
    private void cleanup(Context ctx) {
        CleanupRequest request = body(ctx, CleanupRequest.class, "{\"taskId\": \"...\", \"target\": \"<pattern>\"}");
        if (request.taskId() == null || !io.vigo.swarm.events.rules.EventRules.TASK_ID.matcher(request.taskId()).matches()) {
            throw new ApiServer.BadRequestException("taskId must be 8-64 lower-case letters, digits and '-' (e.g. a UUID)");
        }
        String target = request.target() == null ? "*" : request.target();
        HostPattern pattern;
        try {
            pattern = HostPattern.compile(target);
        } catch (HostPattern.BadPatternException e) {
            throw new ApiServer.BadRequestException(e.getMessage());
        }
        TaskView existing = tasks.taskOrNull(request.taskId());
        if (existing != null) {
            ctx.json(existing);
            return;
        }
        TaskQueries.Targets targets = tasks.targets(pattern);
        if (targets.population().isEmpty()) {
            throw new ApiServer.UnprocessableException(targets.swarmDisabled().isEmpty()
                    ? "pattern \"" + target + "\" matched no envoy; nothing dispatched"
                    : "pattern \"" + target + "\" matched only swarm-disabled envoys (" + String.join(", ", targets.swarmDisabled())
                            + "); nothing dispatched");
        }
        writes.dispatch(request.taskId(), CleanupRequest.VERB, target, targets.population(), operator(ctx), TASK_TTL);
        ctx.json(tasks.task(request.taskId()));
    }

    /** Works for a host the views do not know yet too: it may have enrolled without ever checking in. */
    private void resetKey(Context ctx) {
        String host = hostParam(ctx);
        ctx.json(new io.vigo.swarm.api.KeyReset(host, writes.resetKey(host, operator(ctx))));
    }

    private void decommission(Context ctx) {
        String host = hostParam(ctx);
        queries.envoy(host);
        writes.decommission(host, operator(ctx));
        ctx.json(queries.envoy(host));
    }

    private void revoke(Context ctx) {
        String sha = ctx.pathParam("sha");
        if (!Hostnames.isSha256(sha)) {
            throw new ApiServer.BadRequestException("\"" + sha + "\" is not a full sha (64 lower-case hex)");
        }
        ManifestEntries.Entry entry = queries.filecast(sha);
        if (entry.state() != io.vigo.swarm.api.EntryState.ACTIVE) {
            throw new ApiServer.ConflictException("entry " + sha + " is already revoked");
        }
        writes.revoke(sha, operator(ctx));
        ctx.json(queries.filecast(sha));
    }

    private void purge(Context ctx) {
        String sha = ctx.queryParam("sha");
        List<String> shas;
        if (sha != null) {
            if (!Hostnames.isSha256(sha)) {
                throw new ApiServer.BadRequestException("\"" + sha + "\" is not a full sha (64 lower-case hex)");
            }
            if (queries.filecast(sha).state() != io.vigo.swarm.api.EntryState.REVOKED) {
                throw new ApiServer.ConflictException("entry " + sha + " is active; revoke it before purging");
            }
            shas = List.of(sha);
        } else {
            ManifestEntries entries = queries.filecasts();
            if (!entries.complete()) {
                // Purging what one saw of a partial list would report success and leave the rest.
                throw new io.vigo.swarm.streams.query.ViewsUnavailableException("not every partition answered; nothing purged, try again shortly");
            }
            shas = entries.entries().stream().filter(e -> e.state() == io.vigo.swarm.api.EntryState.REVOKED).map(ManifestEntries.Entry::sha).toList();
        }
        writes.purge(shas, operator(ctx));
        ctx.json(new PurgeResult(shas));
    }

    private static String hostParam(Context ctx) {
        String host = ctx.pathParam("host");
        String problem = Hostnames.problemWith(host);
        if (problem != null) {
            throw new ApiServer.BadRequestException(problem);
        }
        return host;
    }

    private static String operator(Context ctx) {
        String operator = ctx.header(OPERATOR_HEADER);
        return operator == null || operator.isBlank() || operator.length() > 100 ? "operator" : operator.trim();
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

}
