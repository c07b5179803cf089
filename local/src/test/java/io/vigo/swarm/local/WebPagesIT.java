package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigo.swarm.api.EnvoyColor;
import io.vigo.swarm.api.HostPattern;
import io.vigo.swarm.api.Json;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.EnvoyDecommissioned;
import io.vigo.swarm.events.PeerEntry;
import io.vigo.swarm.events.PeerState;
import io.vigo.swarm.events.Subsystem;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web pages in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which .ci/run installs) against a running system: the totals equal {@code vigocli swarm status
 * --json}, every envoy has a mark in its server-resolved colour, a tag recolours a mark without a
 * reload, and the envoy and filecast pages show the right rows. Screenshots of each page are saved
 * under {@code local/target/screenshots/} for a person to look at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPagesIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = CliRun.ROOT.resolve("local/target/screenshots");
    private static final int ENVOYS = 40;
    private static final String PAYLOAD = "fleet-image-2026.11";
    /** The size FixtureCluster.seed gives every seed. */
    private static final long PAYLOAD_SIZE = 10_000_000L;

    private static FixtureCluster cluster;
    private static Path browserProfile;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assertThat(CHROMIUM).as("the web tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)").exists();
        assertThat(CHROMEDRIVER).as("the web tests need Debian's chromium-driver").exists();
        cluster = FixtureCluster.start().brokerAt(Instant.now()).startStreams();
        cluster.allowlist("vigoserver");
        cluster.checkIn("vigoserver");
        cluster.announce("vigoserver", FixtureCluster.seed(PAYLOAD, Subsystem.PAYLOAD));
        for (int i = 0; i < ENVOYS - 1; i++) {
            String host = String.format("host%02d", i);
            cluster.checkIn(host);
            List<PeerEntry> cache = new ArrayList<>(FixtureCluster.cached(host, 1 + i % 4, 1_000_000L * (1 + i)));
            if (i < 3) {
                cache.add(new PeerEntry(FixtureCluster.sha(PAYLOAD), PeerState.CACHED, PAYLOAD_SIZE));
            } else if (i == 3) {
                cache.add(new PeerEntry(FixtureCluster.sha(PAYLOAD), PeerState.DOWNLOADING, PAYLOAD_SIZE / 4));
            }
            cluster.cache(host, cache, List.of());
        }
        cluster.flush();
        Await.until("every envoy in the views", Duration.ofSeconds(60), () -> cluster.client().status().envoysTotal(), total -> total == ENVOYS);

        browserProfile = Files.createTempDirectory("vigo-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + browserProfile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (browserProfile != null) {
            try (var files = Files.walk(browserProfile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Waits until the page shows what {@code condition} looks for (a missing element counts as not yet). */
    private static void waitFor(String what, Function<WebDriver, Boolean> condition) {
        Await.until(what, Duration.ofSeconds(20), () -> condition.apply(browser), Boolean.TRUE::equals);
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode cliJson(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--json", "--server", cluster.api()));
        CliRun run = CliRun.vigocli(Map.of(), all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return Json.mapper().readTree(run.stdout());
    }

    private static void tag(String host, String tag) throws IOException {
        String token = Files.readString(cluster.dataDir().resolve("operator.token")).trim();
        CliRun run = CliRun.vigocli(Map.of("VIGO_TOKEN", token), "envoys", "tag", host, tag, "--server", cluster.api());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    /** The marks as the page drew them on its canvas, by hostname (what {@code window.vigoFleet} reports). */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> drawnMarks() {
        List<Map<String, Object>> drawn = (List<Map<String, Object>>) ((JavascriptExecutor) browser).executeScript("return window.vigoFleet.drawn();");
        Map<String, Map<String, Object>> byHost = new java.util.LinkedHashMap<>();
        drawn.forEach(mark -> byHost.put((String) mark.get("hostname"), mark));
        return byHost;
    }

    private static Map<String, String> markColours() {
        Map<String, String> colours = new TreeMap<>();
        drawnMarks().forEach((host, mark) -> colours.put(host, (String) mark.get("color")));
        return colours;
    }

    private static String colourOf(String host) {
        Map<String, Object> mark = drawnMarks().get(host);
        return mark == null ? null : (String) mark.get("color");
    }

    /** Moves the pointer onto the drawn mark of {@code host} (its centre on the canvas). */
    private static void pointAt(String host) {
        WebElement canvas = browser.findElement(By.id("fleet-canvas"));
        // Selenium offsets from the centre of the element's part in view: have all of it in view.
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", canvas);
        Map<String, Object> mark = drawnMarks().get(host);
        int width = canvas.getSize().getWidth();
        int height = canvas.getSize().getHeight();
        // Selenium offsets from the element's centre.
        int x = (int) Math.round(((Number) mark.get("x")).doubleValue() - width / 2.0);
        int y = (int) Math.round(((Number) mark.get("y")).doubleValue() - height / 2.0);
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(canvas, x, y).perform();
    }

    @Test
    @Order(1)
    void theSwarmPageShowsTheStatusTotalsAndOneMarkPerEnvoyInItsResolvedColour() throws Exception {
        browser.get(cluster.api() + "/swarm");
        waitFor("a mark for every envoy", b -> String.valueOf(ENVOYS).equals(b.findElement(By.id("fleet")).getAttribute("data-marks")));

        JsonNode status = cliJson("swarm", "status");
        for (String field : List.of("envoysOnline", "substrateActive", "seedingEnvoys", "fleetFootprintBytes", "manifestActive",
                "activePayload", "deadLetters")) {
            assertThat(browser.findElement(By.id(field)).getAttribute("data-value")).as(field).isEqualTo(status.get(field).asText());
        }
        assertThat(browser.findElement(By.id("envoysOnline")).getText()).isEqualTo(status.get("envoysOnline").asText() + " / " + ENVOYS);
        CliRun text = CliRun.vigocli(Map.of(), "swarm", "status", "--server", cluster.api());
        String footprint = text.stdout().lines().filter(line -> line.startsWith("Fleet footprint")).findFirst().orElseThrow()
                .substring("Fleet footprint".length()).trim();
        assertThat(browser.findElement(By.id("fleetFootprintBytes")).getText()).as("as the CLI prints it").isEqualTo(footprint);

        Map<String, String> expected = new TreeMap<>();
        for (JsonNode row : cliJson("swarm", "peers", "--sort", "hostname", "--limit", "0").get("rows")) {
            expected.put(row.get("hostname").asText(), row.get("resolvedColor").asText());
        }
        assertThat(expected).hasSize(ENVOYS);
        assertThat(markColours()).isEqualTo(expected);
        assertThat(((Number) drawnMarks().get("vigoserver").get("seeding")).longValue()).as("vigoserver is ringed as a seeder").isPositive();
        assertThat(((Number) drawnMarks().get("host05").get("seeding")).longValue()).isZero();

        pointAt("host05");
        waitFor("host05's facts on hover", b -> b.findElement(By.id("fleet-tip")).isDisplayed());
        assertThat(browser.findElement(By.id("fleet-tip")).getText()).startsWith("host05\n");
        new org.openqa.selenium.interactions.Actions(browser).click().perform();
        waitFor("host05's page after a click on its mark", b -> b.getCurrentUrl().endsWith("/envoys/host05"));
        browser.navigate().back();
        waitFor("the manifest entries", b -> !b.findElements(By.cssSelector("#entries a")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#entries a")).getAttribute("href")).endsWith("/swarm/filecast/" + FixtureCluster.sha(PAYLOAD));
        screenshot("swarm");
    }

    @Test
    @Order(2)
    void aTagRecoloursTheMarkWithoutAReloadAndNewEnvoysAppear() throws Exception {
        browser.get(cluster.api() + "/swarm");
        waitFor("the fleet drawn", b -> String.valueOf(ENVOYS).equals(b.findElement(By.id("fleet")).getAttribute("data-marks")));
        ((JavascriptExecutor) browser).executeScript("window.samePage = 'yes';");

        tag("host07", "viz.color=green");
        waitFor("host07 green", b -> "#a6e3a1".equals(colourOf("host07")));
        tag("host07", "viz.color=#abc");
        waitFor("host07 #aabbcc", b -> "#aabbcc".equals(colourOf("host07")));
        tag("host07", "viz.color=not-a-colour");
        String slot = EnvoyColor.resolve("host07", null).hex();
        waitFor("host07 back to its slot colour " + slot, b -> slot.equals(colourOf("host07")));

        // An envoy that checks in once with a one-second interval: it appears, then turns offline.
        cluster.publishRaw("late-arrival", new EnvoyCheckIn("late-arrival", "0.34.1", 1_000L, true, cluster.brokerNow(), 1L, 1L));
        cluster.flush();
        waitFor("a mark for the new envoy", b -> drawnMarks().containsKey("late-arrival"));
        waitFor("the totals updated", b -> String.valueOf(ENVOYS + 1).equals(b.findElement(By.id("envoysOnline")).getAttribute("data-total")));
        waitFor("the new envoy dimmed once offline", b -> "offline".equals(drawnMarks().get("late-arrival").get("status")));
        assertThat(browser.findElement(By.id("envoysOnline")).getAttribute("data-value")).isEqualTo(String.valueOf(ENVOYS));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.samePage;")).as("no reload").isEqualTo("yes");
        List<String> order = List.copyOf(drawnMarks().keySet());
        assertThat(order).as("marks in hostname order").isSortedAccordingTo(String::compareTo);

        // A decommission takes the mark off the open page; the envoy's next check-in brings it back.
        cluster.publishOperator("late-arrival", new EnvoyDecommissioned("late-arrival", "test", Instant.now()));
        cluster.flush();
        waitFor("the decommissioned envoy's mark gone", b -> !drawnMarks().containsKey("late-arrival")
                && String.valueOf(ENVOYS).equals(b.findElement(By.id("fleet")).getAttribute("data-marks")));
        cluster.publishRaw("late-arrival", new EnvoyCheckIn("late-arrival", "0.34.1", 1_000L, true, cluster.brokerNow(), 1L, 2L));
        cluster.flush();
        waitFor("its mark back after the next check-in", b -> drawnMarks().containsKey("late-arrival"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.samePage;")).as("no reload").isEqualTo("yes");
    }

    @Test
    @Order(1)
    void theSwarmPageChartsTheTotalsOverTheLastDayAndWeek() throws Exception {
        browser.get(cluster.api() + "/swarm");
        waitFor("the day's charts", b -> b.findElements(By.cssSelector("#charts figure.chart")).size() == 4);
        JsonNode status = cliJson("swarm", "status");
        WebElement online = browser.findElement(By.id("chart-online"));
        assertThat(online.getAttribute("data-points")).as("a day by the quarter hour").isEqualTo("96");
        assertThat(online.getAttribute("data-last")).isEqualTo(status.get("envoysOnline").asText());
        assertThat(browser.findElement(By.id("chart-fleetFootprintBytes")).getAttribute("data-last"))
                .isEqualTo(status.get("fleetFootprintBytes").asText());
        assertThat(browser.findElements(By.cssSelector("#chart-online polyline"))).hasSize(1);

        browser.findElement(By.cssSelector("#history-range button[data-range='week']")).click();
        waitFor("the week's charts", b -> "week".equals(b.findElement(By.id("charts")).getAttribute("data-range")));
        assertThat(browser.findElement(By.id("chart-online")).getAttribute("data-points")).as("a week by two hours").isEqualTo("84");
        assertThat(browser.findElement(By.id("chart-seedingEnvoys")).getAttribute("data-last")).isEqualTo(status.get("seedingEnvoys").asText());
        screenshot("swarm-history");
    }

    @Test
    @Order(3)
    void theEnvoyPageShowsItsFactsBlobsAndTags() throws Exception {
        browser.get(cluster.api() + "/envoys/host02");
        waitFor("the blob rows", b -> b.findElements(By.cssSelector("#blobs tbody tr")).size() == 4);
        JsonNode shown = cliJson("envoys", "show", "host02");
        assertThat(browser.findElement(By.id("hostname")).getText()).isEqualTo("host02");
        assertThat(browser.findElement(By.cssSelector("#facts dd[data-value]")).getAttribute("data-value")).isEqualTo(shown.get("status").asText());
        assertThat(browser.findElement(By.id("swatch")).getAttribute("data-color")).isEqualTo(shown.get("resolvedColor").asText());
        List<String> rows = browser.findElements(By.cssSelector("#blobs tbody tr")).stream().map(WebElement::getText).toList();
        assertThat(rows).anyMatch(row -> row.startsWith(FixtureCluster.sha(PAYLOAD).substring(0, 12)) && row.contains("cached") && row.contains("10 MB"));
        assertThat(browser.findElement(By.id("tags")).getText()).isEqualTo("no tags");

        tag("host02", "team=ops");
        waitFor("the new tag", b -> b.findElement(By.id("tags")).getText().contains("team ops"));
        cluster.dispatch("web-task-0001", "host02");
        cluster.flush();
        waitFor("the pending task", b -> b.findElement(By.id("tasks")).getText().contains("web-task-0001 vigo swarm _apply-cleanup pending"));
        cluster.taskResult("host02", "web-task-0001", true, "removed 2 dangling links");
        cluster.flush();
        waitFor("the task's result", b -> b.findElement(By.id("tasks")).getText().contains("done")
                && b.findElement(By.id("tasks")).getText().contains("removed 2 dangling links"));
        waitFor("the history, newest first", b -> b.findElements(By.cssSelector("#history tbody tr")).size() >= 4
                && b.findElement(By.cssSelector("#history tbody tr")).getText().contains("task-done web-task-0001 removed 2 dangling links"));
        String history = browser.findElement(By.id("history")).getText();
        assertThat(history).contains("tagged team ops").contains("task-assigned web-task-0001").contains("online");
        assertThat(history.indexOf("task-done")).as("newest first").isLessThan(history.indexOf("online"));
        screenshot("envoy");

        browser.findElement(By.cssSelector("#blobs a[href='/swarm/filecast/" + FixtureCluster.sha(PAYLOAD) + "']")).click();
        waitFor("the filecast page", b -> b.getCurrentUrl().endsWith("/swarm/filecast/" + FixtureCluster.sha(PAYLOAD)));
    }

    @Test
    @Order(4)
    void theFilecastPageShowsTheEntryAndEveryHolderInTheirColours() throws Exception {
        browser.get(cluster.api() + "/swarm/filecast/" + FixtureCluster.sha(PAYLOAD));
        waitFor("the holders", b -> b.findElements(By.cssSelector("#marks .mark")).size() == 5);
        assertThat(browser.findElement(By.id("label")).getText()).isEqualTo(PAYLOAD);
        Map<String, String> roles = new TreeMap<>();
        for (WebElement mark : browser.findElements(By.cssSelector("#marks .mark"))) {
            roles.put(mark.getAttribute("data-hostname"), mark.getAttribute("data-role"));
            assertThat(mark.getAttribute("data-color")).isEqualTo(cliJson("envoys", "show", mark.getAttribute("data-hostname")).get("resolvedColor").asText());
        }
        assertThat(roles).isEqualTo(Map.of("host00", "cached", "host01", "cached", "host02", "cached", "host03", "downloading", "vigoserver", "seeding"));
        assertThat(browser.findElement(By.cssSelector("#holders .progress")).getAttribute("data-percent")).isEqualTo("25");
        assertThat(browser.findElement(By.id("entry")).getText()).contains("payload").contains("10 MB").contains("active");
        waitFor("the spread", b -> b.findElements(By.id("chart-holders")).size() == 1);
        assertThat(browser.findElement(By.id("chart-holders")).getAttribute("data-last")).as("cached by host00-02").isEqualTo("3");
        assertThat(browser.findElement(By.id("chart-downloaders")).getAttribute("data-last")).as("host03").isEqualTo("1");
        assertThat(browser.findElement(By.id("chart-holders")).getAttribute("data-points")).isEqualTo("96");
        assertThat(browser.findElement(By.id("reached")).getText()).contains("Targets").contains("Reached 50 %");
        screenshot("filecast");
    }

    @Test
    @Order(5)
    void badAddressesGetAClearAnswer() {
        browser.get(cluster.api() + "/envoys/Not_A_Host");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Not_A_Host").contains("back to the swarm");
        browser.get(cluster.api() + "/envoys/nobody-here");
        waitFor("the not-found line", b -> b.findElement(By.id("problem")).isDisplayed());
        assertThat(browser.findElement(By.id("problem")).getText()).contains("nobody-here");
    }

    @Test
    @Order(3)
    void theOperatorFiltersTheMarksByStatusHostnamePatternAndTagAndGroupsThemByATagsValue() throws Exception {
        tag("host03", "rack=r1");
        tag("host04", "rack=r1");
        tag("host06", "rack=r2");
        browser.get(cluster.api() + "/swarm");
        waitFor("the tags on the marks", b -> Boolean.TRUE.equals(((JavascriptExecutor) b).executeScript(
                "return window.vigoFleet.drawn().length > 0 && document.getElementById('fleet').dataset.marks === document.getElementById('fleet').dataset.shown")));
        int all = drawnMarks().size();

        type("filter-host", "host0[3-5]");
        waitFor("host03..host05 only", b -> drawnMarks().keySet().equals(java.util.Set.of("host03", "host04", "host05")));
        assertThat(browser.findElement(By.id("filter-count")).getText()).isEqualTo("3 of " + all + " shown");

        paste("filter-host", "host0[");
        waitFor("the CLI's own message for a malformed pattern", b -> b.findElement(By.id("filter-problem")).isDisplayed());
        assertThat(browser.findElement(By.id("filter-problem")).getText())
                .isEqualTo("malformed pattern \"host0[\": unterminated character class");
        assertThat(drawnMarks().keySet()).as("the last good filter stays").containsExactlyInAnyOrder("host03", "host04", "host05");

        type("filter-host", "");
        type("filter-tag", "rack=r1");
        waitFor("the rack=r1 envoys only", b -> drawnMarks().keySet().equals(java.util.Set.of("host03", "host04")));
        type("filter-tag", "rack");
        waitFor("every envoy with a rack", b -> drawnMarks().keySet().equals(java.util.Set.of("host03", "host04", "host06")));
        type("filter-tag", "");
        paste("filter-status", "online"); // a select's choice: one input event, as a click on the option gives
        JsonNode peers = cliJson("swarm", "peers", "--sort", "hostname", "--limit", "0");
        java.util.Set<String> online = new java.util.TreeSet<>();
        peers.get("rows").forEach(row -> {
            if (row.get("status").asText().equals("online")) {
                online.add(row.get("hostname").asText());
            }
        });
        waitFor("the online envoys only: " + online, b -> new java.util.TreeSet<>(drawnMarks().keySet()).equals(online));
        paste("filter-status", "");

        type("group-tag", "rack");
        waitFor("one group per rack and one without", b -> ((List<?>) ((JavascriptExecutor) b).executeScript("return window.vigoFleet.labels();"))
                .equals(List.of("rack=r1", "rack=r2", "(no rack)")));
        Map<String, Map<String, Object>> grouped = drawnMarks();
        double opsRow = ((Number) grouped.get("host03").get("y")).doubleValue();
        assertThat(((Number) grouped.get("host06").get("y")).doubleValue()).as("r2 below r1").isGreaterThan(opsRow);
        assertThat(((Number) grouped.get("host01").get("y")).doubleValue()).as("the untagged below both")
                .isGreaterThan(((Number) grouped.get("host06").get("y")).doubleValue());
        assertThat(grouped).hasSize(all);
        screenshot("swarm-grouped");
        assertThat(browser.getCurrentUrl()).as("the view's filter in its address").endsWith("/swarm#group=rack");
        type("group-tag", "");
        waitFor("no filter left in the address", b -> b.getCurrentUrl().endsWith("/swarm"));

        // A bookmarked or shared view opens filtered.
        browser.get(cluster.api() + "/swarm#host=host0%5B3-6%5D&tag=rack");
        waitFor("the view the address names", b -> drawnMarks().keySet().equals(java.util.Set.of("host03", "host04", "host06")));
        assertThat(browser.findElement(By.id("filter-host")).getAttribute("value")).isEqualTo("host0[3-6]");
        assertThat(browser.findElement(By.id("filter-tag")).getAttribute("value")).isEqualTo("rack");
    }

    /** The field's text set at once, as a paste does: one input event. */
    private static void paste(String field, String text) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", browser.findElement(By.id(field)), text);
    }

    private static void type(String field, String text) {
        WebElement input = browser.findElement(By.id(field));
        input.clear();
        if (text.isEmpty()) {
            // clear() fires no input event: say it to the form the way typing would
            ((JavascriptExecutor) browser).executeScript("arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", input);
        } else {
            input.sendKeys(text);
        }
    }

    /** The page's hostname matcher and the CLI's agree on every case of a corpus, refusals included. */
    @Test
    @Order(3)
    void thePagesHostnameMatcherIsTheClisOnACorpus() {
        browser.get(cluster.api() + "/swarm");
        List<String> patterns = List.of("*", "host*", "host0?", "host0[1-3]", "host0[^1-3]", "h*t*5", "[a-c]*", "\\h*", "host[0-]",
                "host0[", "host\\", "[]", "[^]a]", "*.ci.example.com", "build?.ci.*", "HOST*", "a[b-a]c", "[\\]]x", "**x", "x[-]");
        List<String> names = List.of("host01", "host05", "Host07", "build7.ci.example.com", "a/b", "abc", "x-", "]x", "hx5", "danlap");
        for (String pattern : patterns) {
            String expected;
            try {
                HostPattern compiled = HostPattern.compile(pattern);
                expected = String.join(",", names.stream().map(n -> compiled.matches(n) ? "1" : "0").toList());
            } catch (HostPattern.BadPatternException e) {
                expected = e.getMessage();
            }
            Object actual = ((JavascriptExecutor) browser).executeScript(
                    "try { const p = hostPattern(arguments[0]); return arguments[1].map(n => p.matches(n) ? '1' : '0').join(','); }"
                            + " catch (e) { return e.message; }", pattern, names);
            assertThat(actual).as(pattern).isEqualTo(expected);
        }
    }

    @Test
    @Order(6)
    void aLostConnectionIsShownAndThePageRecoversWhenTheServerIsBack() {
        browser.get(cluster.api() + "/swarm");
        waitFor("the fleet drawn", b -> !drawnMarks().isEmpty());
        assertThat(browser.findElement(By.id("connection")).isDisplayed()).isFalse();
        ((JavascriptExecutor) browser).executeScript("window.samePage = 'yes';");

        cluster.stopStreams();
        waitFor("the lost connection shown", b -> b.findElement(By.id("connection")).isDisplayed());
        assertThat(browser.findElement(By.id("connection")).getText()).contains("connection to the server lost");

        cluster.startStreams();
        Await.until("the views back", Duration.ofSeconds(60), () -> cluster.client().status().complete(), complete -> complete);
        waitFor("the banner gone", b -> !b.findElement(By.id("connection")).isDisplayed());
        waitFor("every mark drawn again", b -> String.valueOf(ENVOYS + 1).equals(b.findElement(By.id("fleet")).getAttribute("data-marks")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.samePage;")).as("recovered without a reload").isEqualTo("yes");
    }
}
