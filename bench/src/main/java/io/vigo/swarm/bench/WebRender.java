package io.vigo.swarm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long the {@code /swarm} page takes to show the whole fleet in a real headless Chromium:
 * from the start of navigation until the first frame after every envoy's mark is in the page.
 * Drives Debian's {@code chromedriver} over the W3C WebDriver protocol (a handful of JSON calls),
 * so the harness needs no browser library; skipped when chromium is not installed.
 */
final class WebRender {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Resolves with performance.now() at the first frame once the fleet has {@code arguments[0]} marks. */
    private static final String UNTIL_DRAWN = """
            const [expected, done] = arguments;
            (function check() {
              const fleet = document.getElementById('fleet');
              if (fleet && fleet.dataset.marks === expected) {
                requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0));
              } else {
                setTimeout(check, 5);
              }
            })();""";

    private final HttpClient http = HttpClient.newHttpClient();

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Milliseconds to a drawn fleet of {@code marks} envoys, one sample per fresh page load. */
    List<Double> measure(URI api, long marks, int samples) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path profile = Files.createTempDirectory("vigo-bench-chromium");
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitReady(base);
            String session = call("POST", base.resolve("/session"), Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                    "browserName", "chrome",
                    "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless=new", "--no-sandbox",
                            "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run",
                            "--window-size=1280,1000", "--user-data-dir=" + profile)))))).get("sessionId").asText();
            URI at = base.resolve("/session/" + session + "/");
            try {
                call("POST", at.resolve("timeouts"), Map.of("script", 60_000, "pageLoad", 60_000));
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < samples; i++) {
                    call("POST", at.resolve("url"), Map.of("url", api.resolve("/swarm").toString()));
                    millis.add(call("POST", at.resolve("execute/async"), Map.of("script", UNTIL_DRAWN, "args", List.of(String.valueOf(marks)))).asDouble());
                }
                return millis;
            } finally {
                call("DELETE", base.resolve("/session/" + session), null);
            }
        } finally {
            driver.destroy();
            driver.waitFor();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void awaitReady(URI base) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            try {
                if (call("GET", base.resolve("/status"), null).path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromedriver did not start within 20 s");
    }

    /** One WebDriver command; returns its {@code value}, or throws with the driver's message. */
    private JsonNode call(String method, URI uri, Object body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json").method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = Json.mapper().readTree(response.body()).path("value");
        if (response.statusCode() != 200) {
            throw new IOException("chromedriver " + method + " " + uri.getPath() + ": " + value.path("message").asText(response.body()));
        }
        return value;
    }
}
