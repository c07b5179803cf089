package io.vigo.swarm.streams.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.vigo.swarm.api.Hostnames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The operator's web pages: {@code /swarm}, {@code /envoys/<hostname>} and
 * {@code /swarm/filecast/<sha>}. Each is a small HTML shell whose script reads the JSON API (and
 * the {@link SwarmFeed} for {@code /swarm}), so the pages show exactly what the CLI shows. Scripts
 * and styles are served from the jar: the pages need no internet.
 */
public final class WebPages {

    /** Where the pages' scripts and styles are served. */
    private static final String ASSETS = "/assets";
    /** The {@code /swarm} page's event stream. */
    private static final String SWARM_FEED = io.vigo.swarm.api.VigoApiClient.BASE_PATH + "/swarm/live";

    private final String swarm = page("swarm.html");
    private final String envoy = page("envoy.html");
    private final String filecast = page("filecast.html");

    /** Serves the scripts and styles; called while Javalin is configured. */
    public static void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = ASSETS;
            files.directory = "/web/assets";
            files.location = Location.CLASSPATH;
        });
    }

    public void register(Javalin app, SwarmFeed feed) {
        app.get("/", ctx -> ctx.redirect("/swarm"));
        app.get("/swarm", ctx -> ctx.html(swarm));
        app.get("/envoys/{host}", ctx -> {
            String problem = Hostnames.problemWith(ctx.pathParam("host"));
            if (problem != null) {
                refuse(ctx, problem);
                return;
            }
            ctx.html(envoy);
        });
        app.get("/swarm/filecast/{sha}", ctx -> {
            String sha = ctx.pathParam("sha");
            if (!Hostnames.isSha256(sha)) {
                refuse(ctx, "\"" + sha + "\" is not a full sha (64 lower-case hex)");
                return;
            }
            ctx.html(filecast);
        });
        app.sse(SWARM_FEED, feed::connect);
    }

    private static void refuse(Context ctx, String problem) {
        ctx.status(400).html("<!doctype html><meta charset=\"utf-8\"><title>vigo-swarm</title>"
                + "<p>" + escape(problem) + " — <a href=\"/swarm\">back to the swarm</a></p>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String page(String name) {
        try (InputStream in = WebPages.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the web page " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
