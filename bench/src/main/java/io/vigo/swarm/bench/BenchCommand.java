package io.vigo.swarm.bench;

import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.api.VigoApiClient;
import io.vigo.swarm.envoy.publish.EnvoyPublisher;
import io.vigo.swarm.gateway.follow.TaskMarks;
import io.vigo.swarm.local.ApicurioRegistry;
import io.vigo.swarm.local.Ports;
import io.vigo.swarm.topics.TopicCatalogue;
import io.vigo.swarm.topics.TopicNames;
import io.vigo.swarm.topics.TopicProvisioner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/vigo bench}: the performance figures of issue 5, measured on this machine against a
 * broker, a registry and a streams app each in its own process, and written to BENCHMARKS.md with
 * the command, the machine and the CPU each process used. See BENCHMARKS.md for the workload and
 * the method of every figure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure ingest, freshness, query latency, offline detection, memory and rebuild; write BENCHMARKS.md.")
public final class BenchCommand implements Callable<Integer> {

    /** The /swarm page is for fleets an operator can look at; larger ones are not drawn by the harness. */
    static final int WEB_MAX_ENVOYS = 200_000;
    static final String WEB_DRAWN = "web swarm drawn";
    /** Untimed requests before each idle latency series ({@link Probes#warmUp}). */
    private static final int WARM_UP_REQUESTS = 500;
    /** The live maximum's offered rate, in multiples of the app's fresh catch-up rate. */
    private static final double LIVE_MAX_OFFER = 4;
    /** The longest the live workload runs before the probes start (see {@link #warmUp}). */
    private static final int WARM_UP_MAX_SECONDS = 60;
    /** Past this many envoys the streams app gets {@link #LARGE_FLEET_HEAP} (docs/sizing.md, "Memory"). */
    static final int LARGE_FLEET = 200_000;
    static final String LARGE_FLEET_HEAP = "256m";
    /** The longest the bench waits for the whole fleet to come back online, or to go offline. */
    private static final int FLEET_SETTLE_MAX_SECONDS = 300;

    @Option(names = "--envoys", split = ",", paramLabel = "N", description = "Fleet sizes, ascending (default: 1000,20000,100000,200000,300000)")
    List<Integer> envoys;

    @Option(names = "--quick", description = "Fixed points 1,000 and 20,000 envoys with fewer samples: under five minutes")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the results (default: BENCHMARKS.md of the checkout)")
    Path out;

    @Option(names = "--keep", description = "Keep the work directory (logs, data) after the run")
    boolean keep;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
            description = "Stream threads of the streams app and of the baseline job alike (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--app-heap", paramLabel = "SIZE", description = "The streams app's maximum heap, as for -Xmx (default: 160m, as docker-compose.yml runs it)")
    String appHeap;

    @Option(names = "--profile", description = "Record the streams app with Java Flight Recorder (app-<N>.jfr in the work directory; implies --keep)")
    boolean profile;

    @Option(names = "--backlog", paramLabel = "EVENTS",
            description = "Events in the backlog the catch-ups read (default: 150,000 quick, 400,000 full; at least every envoy's join and "
                    + MIN_ROUNDS + " rounds of check-ins whatever it says)")
    Long backlog;

    /**
     * Rounds of check-ins the backlog holds at least, after the joins. The first round brings every
     * envoy online (its first check-in: a status change, a history moment, the totals), so the
     * steady workload starts with the second; with three, the backlog's second half, which the
     * steady figures are measured on, lies wholly after the first round.
     */
    static final int MIN_ROUNDS = 3;

    /** Where the current phase began ({@link #startCpu}); phases inside it keep marks of their own. */
    private CpuMark phase;
    private final Map<String, Long> pids = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        List<Integer> sizes = envoys != null ? envoys : quick ? List.of(1_000, 20_000) : List.of(1_000, 20_000, 100_000, 200_000, 300_000);
        for (int n : sizes) {
            if (n < 100 || n > 2_000_000) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--envoys: " + n + " is outside 100..2000000");
            }
        }
        Settings settings = quick ? Settings.QUICK : Settings.FULL;
        if (backlog != null) {
            if (backlog < 10_000 || backlog > 100_000_000) {
                System.err.println("vigo bench: --backlog takes a number of events from 10000 to 100000000, not " + backlog);
                return 2;
            }
            settings = settings.withBacklog(backlog);
        }
        if (appHeap != null) {
            if (!appHeap.matches("[1-9][0-9]*[mMgG]")) {
                System.err.println("vigo bench: --app-heap takes a size such as 192m or 1g, not \"" + appHeap + "\"");
                return 2;
            }
            settings = settings.withAppHeap(appHeap);
        }
        Path work = Files.createTempDirectory("vigo-bench");
        Ports ports = Ports.anyFree();
        String command = "bin/vigo bench" + (quick ? " --quick" : "") + (envoys != null ? " --envoys " + joined(envoys) : "")
                + (threads != 1 ? " --threads " + threads : "") + (appHeap != null ? " --app-heap " + appHeap : "")
                + (backlog != null ? " --backlog " + backlog : "");
        Report report = new Report(command, Instant.now(), sizes, settings);
        long started = System.nanoTime();
        // Ctrl-C or a kill must not leave a broker, registry or streams app running.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy),
                "bench-children"));
        Process broker = null;
        ApicurioRegistry registry = null;
        try {
            System.out.println("bench: starting a broker and a registry (separate processes) in " + work);
            broker = Children.java(Children.BENCH, List.of("-Xmx1g", "-XX:+UseG1GC"), Map.of(), work.resolve("broker.log"),
                    "_broker", "--dir", work.resolve("kafka").toString(), "--port", String.valueOf(ports.kafka()),
                    "--controller-port", String.valueOf(ports.controller()));
            registry = ApicurioRegistry.launch(ApicurioRegistry.home(), work.resolve("registry"), ports.registry(), ports.registryManagement());
            String bootstrap = "127.0.0.1:" + ports.kafka();
            pids.put("broker", broker.pid());
            pids.put("registry", registry.pid());
            pids.put("bench driver", ProcessHandle.current().pid());
            registry.awaitReady(Duration.ofSeconds(120));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", 120_000))) {
                admin.describeCluster().clusterId().get(120, TimeUnit.SECONDS);
                for (int n : sizes) {
                    Report.Fleet fleetReport = new Report.Fleet(n);
                    try {
                        runFleet(n, settings, admin, bootstrap, registry, work, report, fleetReport);
                    } catch (Progress.TimedOut e) {
                        // A fleet the app cannot keep up with: what was measured before it fell behind is kept, the rest is not measured.
                        System.out.printf("bench:   %s: the size's later figures are not measured%n", e.getMessage());
                        fleetReport.put(Report.GAVE_UP, 1);
                    }
                    report.add(fleetReport);
                }
            }
        } finally {
            Children.stop(broker);
            if (registry != null) {
                registry.close();
            }
            if (!keep && !profile) {
                deleteTree(work);
            } else {
                System.out.println("bench: kept " + work);
            }
        }
        report.totalSeconds((System.nanoTime() - started) / 1e9);
        System.out.println();
        System.out.println(report.table());
        Path target = out != null ? out : Report.defaultFile();
        report.writeInto(target);
        System.out.println("bench: written into " + target);
        return 0;
    }

    /**
     * Starts a streams app with fresh state on the fleet's backlog, measures its catch-up, and
     * stops it; the RSS after catch-up is reported under {@code role} when {@code report} is given.
     */
    private Progress.Rate measuredCatchUp(Progress progress, AppLaunch launch, String applicationId, Map<String, String> env, Report.Fleet report,
            String role) throws Exception {
        Process app = launch.start(applicationId, Ports.free(), env, null);
        try {
            startCpu(role, app.pid());
            Progress.Rate rate = progress.catchUp(applicationId, app, launch.settings().catchUpTimeoutMillis);
            if (report != null) {
                report.cpu("catch-up: " + role + " (fresh state)", cpuSince());
                report.put("app RSS after catch-up MB, history off", ProcessStats.rssBytes(app.pid()) / 1e6);
            }
            return rate;
        } finally {
            Children.stop(app);
            pids.remove(role);
        }
    }

    /** The run with the better rate, for the whole backlog and for its second half each. */
    private static Progress.Rate better(Progress.Rate a, Progress.Rate b) {
        Progress.Rate whole = a.perSecond() >= b.perSecond() ? a : b;
        Progress.Rate steady = a.secondHalfPerSecond() >= b.secondHalfPerSecond() ? a : b;
        return new Progress.Rate(whole.records(), whole.seconds(), steady.secondHalfRecords(), steady.secondHalfSeconds());
    }

    /** Everything measured at one fleet size, on topics of its own. */
    private void runFleet(int n, Settings settings, Admin admin, String bootstrap, ApicurioRegistry registry, Path work,
            Report report, Report.Fleet fleetReport) throws Exception {
        String prefix = "bench" + n + ".";
        TopicCatalogue catalogue = TopicCatalogue.load();
        new TopicProvisioner(admin).apply(new TopicCatalogue(prefix, catalogue.profiles(), catalogue.topics()).resolve("dev"));
        TopicNames topics = new TopicNames(prefix);
        // The envoy side's event topics: what every job here reads, and what the backlog is published to.
        List<String> eventTopics = List.of(topics.checkins(), topics.envoyReports(), topics.operator());
        Progress progress = new Progress(admin, eventTopics);
        System.out.printf("bench: %,d envoys%n", n);

        try (EnvoyPublisher publisher = new EnvoyPublisher(bootstrap, registry.url(), topics);
             EnvoyPublisher probePublisher = new EnvoyPublisher(bootstrap, registry.url(), topics)) {
            BenchFleet fleet = new BenchFleet(publisher, n);
            // History: every envoy joins, then whole rounds of check-ins up to the backlog size (at least MIN_ROUNDS).
            Instant joinedAt = Instant.now();
            CpuMark publishing = cpuMark();
            long t0 = System.nanoTime();
            long events = 0;
            for (int e = 0; e < n; e++) {
                events += fleet.join(e);
            }
            // What the joins take on the broker's disk, so that the steady workload's bytes per event can be told apart.
            fleet.flush();
            long joinEvents = events;
            long asking = System.nanoTime();
            long joinBytes = HistoryBytes.brokerBytes(admin, eventTopics::contains);
            long askedNanos = System.nanoTime() - asking; // not publishing: left out of the publish rate below
            int rounds = settings.rounds(n);
            for (int r = 0; r < rounds; r++) {
                for (int e = 0; e < n; e++) {
                    events += fleet.checkIn(fleet.next());
                }
            }
            fleet.flush();
            double publishSeconds = (System.nanoTime() - t0 - askedNanos) / 1e9;
            fleetReport.cpu("backlog publish (the load generator alone)", cpuSince(publishing));
            fleetReport.put("backlog events", events);
            fleetReport.put("backlog rounds of check-ins after the joins", rounds);
            fleetReport.put("backlog publish events/s", events / publishSeconds);
            System.out.printf("bench:   backlog of %,d events published at %,.0f/s%n", events, events / publishSeconds);

            // The baseline job over the same backlog, then the streams app with fresh state.
            String baselineId = "bench-baseline-" + n;
            Process baseline = Children.java(Children.BENCH, List.of("-Xmx512m"), Map.of(), work.resolve("baseline-" + n + ".log"), "_bench-baseline",
                    "--bootstrap-servers", bootstrap, "--registry-url", registry.url(), "--application-id", baselineId,
                    "--state-dir", work.resolve("baseline-state-" + n).toString(), "--topic-prefix", prefix, "--threads", String.valueOf(threads));
            Progress.Rate baselineRate;
            try {
                startCpu("baseline job", baseline.pid());
                baselineRate = progress.catchUp(baselineId, baseline, settings.catchUpTimeoutMillis);
                fleetReport.cpu("catch-up: baseline", cpuSince());
            } finally {
                Children.stop(baseline);
                pids.remove("baseline job");
            }
            fleetReport.put("baseline events/s", baselineRate.perSecond());

            // The floor under any rebuild: the same backlog read by a plain consumer that does nothing with it.
            CpuMark reading = cpuMark();
            RawRead raw = RawRead.measure(admin, bootstrap, eventTopics, settings.catchUpTimeoutMillis);
            fleetReport.cpu("catch-up: a plain consumer (in the bench driver)", cpuSince(reading));
            fleetReport.put(Report.RAW_READ_PER_SECOND, raw.recordsPerSecond());
            // The steady workload's own: the rounds of check-ins after the joins (a join carries a whole cache).
            double steadyBytesPerEvent = (double) (raw.diskBytes() - joinBytes) / (events - joinEvents);
            fleetReport.put(Report.DISK_BYTES_PER_EVENT, steadyBytesPerEvent);
            System.out.printf("bench:   a plain consumer read the %,d records at %,.0f/s; on the broker's disk %.0f bytes per event"
                    + " of the whole backlog, %.0f of the steady workload%n", raw.records(), raw.recordsPerSecond(), raw.diskBytesPerRecord(),
                    steadyBytesPerEvent);

            // The task polls stand for the gateway's, which present the instances' secret.
            String instanceToken = java.util.UUID.randomUUID().toString();
            Path instanceTokenFile = java.nio.file.Files.writeString(work.resolve("instance-" + n + ".token"), instanceToken);
            // The heap docs/sizing.md gives a fleet of this size, unless --app-heap chose one for every size.
            Settings sized = appHeap == null && n > LARGE_FLEET ? settings.withAppHeap(LARGE_FLEET_HEAP) : settings;
            fleetReport.put(Report.APP_HEAP_MB, Double.parseDouble(sized.appHeap().replaceAll("[mMgG]$", ""))
                    * (sized.appHeap().matches("(?i).*g") ? 1024 : 1));
            AppLaunch launch = new AppLaunch(bootstrap, registry.url(), prefix, instanceTokenFile, work, sized, threads);

            // What history costs, in this run (SPEC §12): fresh apps over the same backlog, with history
            // off and on in turn (off, on, off, then the main app below, on), and the better of the two
            // runs of each counts: on this box a run in a few is slowed by what else runs (ratios
            // of single runs of the same code ranged 0.43-0.91).
            Map<String, String> historyOff = Map.of("VIGO_HISTORY_HORIZON_DAYS", "0");
            Progress.Rate off = measuredCatchUp(progress, launch, "bench-app-history-off-" + n, historyOff, fleetReport, "streams app, history off");
            Progress.Rate onFirst = measuredCatchUp(progress, launch, "bench-app-history-on-" + n, Map.of(), null, "streams app, history on");
            off = better(off, measuredCatchUp(progress, launch, "bench-app-history-off-again-" + n, historyOff, fleetReport, "streams app, history off"));
            fleetReport.put("app events/s, history off", off.perSecond());
            fleetReport.put("app steady events/s, history off", off.secondHalfPerSecond());

            int apiPort = Ports.free();
            String appId = "bench-app-" + n;
            Process app = launch.start(appId, apiPort, Map.of(), profile ? work.resolve("app-" + n + ".jfr") : null);
            long envoysKnown;
            try {
                startCpu("streams app", app.pid());
                Progress.Rate appRate = progress.catchUp(appId, app, settings.catchUpTimeoutMillis);
                fleetReport.cpu("catch-up: streams app (fresh state)", cpuSince());
                fleetReport.put("app events/s", appRate.perSecond());
                fleetReport.put("ingest ratio", appRate.perSecond() / baselineRate.perSecond());
                // The backlog's second half is the steady workload alone, what a day of history holds (joins come once per envoy).
                fleetReport.put("app (this run) steady events/s", appRate.secondHalfPerSecond());
                fleetReport.put("baseline steady events/s", baselineRate.secondHalfPerSecond());
                fleetReport.put("ingest ratio, steady", appRate.secondHalfPerSecond() / baselineRate.secondHalfPerSecond());
                Progress.Rate on = better(onFirst, appRate);
                fleetReport.put("app events/s, history on (better of 2)", on.perSecond());
                fleetReport.put("history on ÷ off", on.perSecond() / fleetReport.get("app events/s, history off"));
                fleetReport.put("app steady events/s", on.secondHalfPerSecond());
                fleetReport.put("history on ÷ off, steady", on.secondHalfPerSecond() / fleetReport.get("app steady events/s, history off"));
                fleetReport.put("app RSS after catch-up MB", ProcessStats.rssBytes(app.pid()) / 1e6);
                System.out.printf("bench:   catch-up: streams app %,.0f events/s, baseline %,.0f events/s; steady half %,.0f and %,.0f"
                        + " (history off: %,.0f, steady %,.0f)%n", appRate.perSecond(), baselineRate.perSecond(),
                        appRate.secondHalfPerSecond(), baselineRate.secondHalfPerSecond(), off.perSecond(), off.secondHalfPerSecond());

                URI api = URI.create("http://127.0.0.1:" + apiPort);
                Probes probes = new Probes(api, probePublisher);
                awaitAnswering(probes);
                // The polls go out as the gateways relay them: one the task marks show unchanged is answered at the gateway.
                TaskMarks taskMarks = new TaskMarks(bootstrap, topics.taskMarks()).start();
                Driver driver = new Driver(fleet, api, instanceToken, BenchFleet.Step.WORKLOAD, taskMarks);

                // Live at the workload's own rate: every envoy once per 15 s, task polls every 4th check-in.
                double naturalCheckIns = n * 1000.0 / BenchFleet.INTERVAL_MS;
                startCpu("streams app", app.pid());
                double naturalEvents = naturalCheckIns * BenchFleet.EVENTS_PER_CHECK_IN;
                fleetReport.put("envoys online when the live workload starts", online(probes));
                driver.start(naturalCheckIns, true);
                long liveStart = System.nanoTime();
                Instant liveStartedAt = Instant.now();
                // The fleet was silent for minutes while the catch-ups ran, so every envoy is offline and
                // the workload's first pass brings the whole fleet back in 15 s: a storm of online
                // transitions (a network partition healing looks the same). Its own figure; the probes
                // below measure the steady state after it.
                CpuMark returning = cpuMark();
                double returned = awaitFleet(progress, probes, appId, online -> online >= n, naturalEvents, FLEET_SETTLE_MAX_SECONDS);
                fleetReport.cpu("the fleet's return (part of the live phase)", cpuSince(returning));
                phase = cpuMark(); // the live row below is the steady state only, after the return
                fleetReport.put(Report.FLEET_RETURN, returned);
                System.out.printf("bench:   live: the whole fleet back online after %s%n", settled(returned));
                double warmUp = warmUp(progress, appId, naturalEvents, settings.warmUpSeconds);
                fleetReport.put("live warm-up before the probes (s)", warmUp);
                System.out.printf("bench:   live: probes start after %.1f s of the workload%n", warmUp);
                fleetReport.samples("freshness per envoy", probes.envoyFreshness(String.valueOf(n), settings.samples, Duration.ofSeconds(10)));
                fleetReport.samples("freshness rollup", probes.rollupFreshness(String.valueOf(n), settings.samples, Duration.ofSeconds(10)));
                fleetReport.samples("offline detection", probes.offlineDetection(String.valueOf(n), settings.samples, 20));
                while ((System.nanoTime() - liveStart) / 1e9 < settings.liveSeconds) {
                    Thread.sleep(200);
                }
                Driver.Result live = driver.stop();
                taskMarks.close();
                fleetReport.cpu("live at the workload's rate", cpuSince());
                // Silent again: 2.5 intervals later the sweep turns the whole fleet offline. The idle
                // figures below are taken once that has been processed, not during it.
                CpuMark departing = cpuMark();
                double departed = awaitFleet(progress, probes, appId, online -> online == 0, 0, FLEET_SETTLE_MAX_SECONDS);
                fleetReport.cpu("the fleet's departure (the sweep, no input)", cpuSince(departing));
                fleetReport.put(Report.FLEET_DEPARTURE, departed);
                System.out.printf("bench:   silent: the whole fleet offline after %s%n", settled(departed));
                fleetReport.put("live offered events/s", live.eventsPerSecond());
                fleetReport.put("live task polls/s", live.pollsPerSecond());
                fleetReport.put("live task polls relayed to the app/s", live.relayedPerSecond());
                fleetReport.put("live task polls skipped", live.pollsSkipped());
                fleetReport.put("lag after live (records)", progress.lag(appId));
                System.out.printf("bench:   live: %,.0f events/s offered, %,.0f task polls/s (%,.0f relayed to the app); freshness p99 %.0f ms envoy, %.0f ms rollup; offline p99 %.0f ms%n",
                        live.eventsPerSecond(), live.pollsPerSecond(), live.relayedPerSecond(), fleetReport.p("freshness per envoy", 99),
                        fleetReport.p("freshness rollup", 99), fleetReport.p("offline detection", 99));

                // Query latency: idle, then under half the streams app's catch-up rate.
                progress.catchUp(appId, app, settings.catchUpTimeoutMillis);
                fleetReport.put("status first request (cold) ms", probes.warmUp("/swarm/status", WARM_UP_REQUESTS));
                fleetReport.samples("status idle", probes.latency("/swarm/status", settings.requests));
                // As of a moment (SPEC §12): as the live phase began, and half-way through the backlog's publishing.
                Instant midBacklog = joinedAt.plus(Duration.ofNanos((long) (publishSeconds * 5e8)));
                fleetReport.samples("status as of the live phase's start", probes.latency("/swarm/status?at=" + liveStartedAt, settings.requests));
                fleetReport.samples("status as of mid-backlog", probes.latency("/swarm/status?at=" + midBacklog, settings.requests));
                System.out.printf("bench:   status as of: p99 %.1f ms (live start) / %.1f ms (mid-backlog)%n",
                        fleetReport.p("status as of the live phase's start", 99), fleetReport.p("status as of mid-backlog", 99));
                // A page as of a moment reads a version per envoy: fewer requests, each of them fleet-sized.
                int asOfPages = Math.min(settings.requests, 50);
                probes.warmUp("/swarm/peers?limit=50&at=" + liveStartedAt, 3);
                fleetReport.samples("peers as of the live phase's start", probes.latency("/swarm/peers?limit=50&at=" + liveStartedAt, asOfPages));
                fleetReport.samples("peers as of mid-backlog", probes.latency("/swarm/peers?limit=50&at=" + midBacklog, asOfPages));
                String timelineOf = "/envoys/" + BenchFleet.host(n / 2) + "/history?since=" + joinedAt.minusSeconds(1);
                probes.warmUp(timelineOf, 20);
                fleetReport.samples("envoys history", probes.latency(timelineOf, settings.requests));
                System.out.printf("bench:   peers as of: p99 %.0f ms (live start) / %.0f ms (mid-backlog); envoys history p99 %.1f ms%n",
                        fleetReport.p("peers as of the live phase's start", 99), fleetReport.p("peers as of mid-backlog", 99),
                        fleetReport.p("envoys history", 99));
                fleetReport.put("peers first request (cold) ms", probes.warmUp("/swarm/peers?limit=50", WARM_UP_REQUESTS));
                fleetReport.samples("peers idle", probes.latency("/swarm/peers?limit=50", settings.requests));
                // A fleet-sized read (what `swarm peers --limit 0` asks): the heap must hold the whole population.
                List<Double> wholeFleet = probes.latency("/swarm/peers?limit=0", 3);
                fleetReport.put("peers whole fleet (limit=0) ms, slowest of 3", Collections.max(wholeFleet));
                // The same population as a /swarm page's first patch, in parts over the live feed.
                FeedRead feed = new FeedRead();
                double feedSlowest = 0;
                long feedRows = 0;
                for (int i = 0; i < 3; i++) {
                    try {
                        FeedRead.Reset reset = feed.wholeFleet(api, Duration.ofSeconds(60));
                        feedSlowest = Math.max(feedSlowest, reset.millis());
                        feedRows = reset.rows();
                    } catch (java.io.IOException e) {
                        System.out.printf("bench:   whole fleet: %s%n", e.getMessage());
                        feedSlowest = Double.POSITIVE_INFINITY; // a miss, as a timed-out probe is
                        break;
                    }
                }
                fleetReport.put(Report.FEED_FIRST_PATCH, feedSlowest);
                fleetReport.put("live feed whole fleet rows", feedRows);
                System.out.printf("bench:   whole fleet: peers --limit 0 %.0f ms, /swarm live feed %.0f ms (%,d rows); slowest of 3%n",
                        Collections.max(wholeFleet), feedSlowest, feedRows);
                if (WebRender.available() && n <= WEB_MAX_ENVOYS) {
                    long marks = probes.json("/swarm/status").get("envoysTotal").asLong();
                    fleetReport.samples(WEB_DRAWN, new WebRender().measure(api, marks, 5));
                    System.out.printf("bench:   /swarm drawn in headless Chromium (%,d marks): p50 %.0f ms%n", marks, fleetReport.p(WEB_DRAWN, 50));
                }
                driver = new Driver(fleet, api, instanceToken);
                CpuMark loading = cpuMark();
                driver.start(appRate.perSecond() * 0.5 / BenchFleet.EVENTS_PER_CHECK_IN, false);
                fleetReport.samples("status loaded", probes.latency("/swarm/status", settings.requests));
                fleetReport.samples("peers loaded", probes.latency("/swarm/peers?limit=50", settings.requests));
                Driver.Result loaded = driver.stop();
                fleetReport.cpu("queries under load (half the catch-up rate offered)", cpuSince(loading));
                fleetReport.put("loaded offered events/s", loaded.eventsPerSecond());
                System.out.printf("bench:   status p99 %.1f ms idle / %.1f ms loaded; peers p99 %.1f ms idle / %.1f ms loaded%n",
                        fleetReport.p("status idle", 99), fleetReport.p("status loaded", 99),
                        fleetReport.p("peers idle", 99), fleetReport.p("peers loaded", 99));

                // Live maximum: the publisher offering four times the fresh catch-up rate, more than the
                // app takes; the app's consumption rate over the window. Not unbounded: a publisher as
                // fast as it goes took a whole core of this box from the app it was measuring.
                progress.catchUp(appId, app, settings.catchUpTimeoutMillis);
                // From a live fleet: the offered check-ins change nothing but last seen, as the
                // workload's do, rather than each bringing an offline envoy back.
                driver = new Driver(fleet, api, instanceToken);
                driver.start(naturalCheckIns, false);
                double backForMax = awaitFleet(progress, probes, appId, online -> online >= n, naturalEvents, FLEET_SETTLE_MAX_SECONDS);
                driver.stop();
                System.out.printf("bench:   live maximum: the fleet back online after %s%n", settled(backForMax));
                long committedBefore = progress.committed(appId);
                CpuMark maximum = cpuMark();
                long windowStart = System.nanoTime();
                driver = new Driver(fleet, api, instanceToken);
                driver.start(appRate.perSecond() * LIVE_MAX_OFFER / BenchFleet.EVENTS_PER_CHECK_IN, false);
                Thread.sleep(settings.maxWindowSeconds * 1000L);
                Driver.Result max = driver.stop();
                double window = (System.nanoTime() - windowStart) / 1e9;
                double liveMax = (progress.committed(appId) - committedBefore) / window;
                fleetReport.cpu("live maximum window", cpuSince(maximum));
                fleetReport.put("live max offered events/s", max.eventsPerSecond());
                fleetReport.put("live max events/s", liveMax);
                fleetReport.put("rebuild ratio", appRate.perSecond() / liveMax);
                fleetReport.put("rebuild ratio, steady", appRate.secondHalfPerSecond() / liveMax);
                // A day of history is the steady workload: rebuilt at the rate the app caught up with that part of the backlog.
                double eventsPerDay = n * (86_400_000.0 / BenchFleet.INTERVAL_MS) * BenchFleet.EVENTS_PER_CHECK_IN;
                fleetReport.put("rebuild hours per day of history", eventsPerDay / appRate.secondHalfPerSecond() / 3600);
                // Issue 17's target is a week replayed in an hour; the baseline job, a count per key, is what
                // replaying costs before any view's work.
                fleetReport.put(Report.WEEK_HOURS, 7 * eventsPerDay / appRate.secondHalfPerSecond() / 3600);
                fleetReport.put(Report.WEEK_HOURS_BASELINE, 7 * eventsPerDay / baselineRate.secondHalfPerSecond() / 3600);
                fleetReport.put(Report.WEEK_HOURS_RAW, 7 * eventsPerDay / fleetReport.get(Report.RAW_READ_PER_SECOND) / 3600);
                fleetReport.put(Report.WEEK_DISK_GB, 7 * eventsPerDay * fleetReport.get(Report.DISK_BYTES_PER_EVENT) / 1e9);
                progress.catchUp(appId, app, settings.catchUpTimeoutMillis);
                if (!Double.isNaN(backForMax)) {
                    cpuPerEvent(progress, app, appId, fleet, api, instanceToken, liveMax * 0.5, settings, fleetReport);
                }

                fleetReport.put("app RSS MB", ProcessStats.rssBytes(app.pid()) / 1e6);
                HistoryBytes bytes = HistoryBytes.measure(admin, appId, work.resolve("app-state-" + appId));
                double envoyDays = fleet.checkIns() / (86_400_000.0 / BenchFleet.INTERVAL_MS);
                fleetReport.put("history changelog bytes per envoy per day", bytes.changelogs() / envoyDays);
                fleetReport.put("history store bytes per envoy per day", bytes.stores() / envoyDays);
                System.out.printf("bench:   history: %,.0f B per envoy per day in the changelogs, %,.0f B in the stores (%,.0f envoy-days of input)%n",
                        bytes.changelogs() / envoyDays, bytes.stores() / envoyDays, envoyDays);
                fleetReport.nmt(Nmt.summary(app.pid()));
                fleetReport.allocator(io.vigo.swarm.streams.app.NativeAllocator.name(Path.of("/proc/" + app.pid() + "/maps")));
                if (report.cliMissing()) {
                    report.cli(CliTiming.measure(api, 10));
                }
                envoysKnown = probes.json("/swarm/status").get("envoysTotal").asLong();
            } finally {
                Children.stop(app);
                pids.remove("streams app");
            }
            restoreFromChangelogs(admin, launch, appId, envoysKnown, fleetReport);
        }
    }

    /**
     * A lost state volume: the app started again under its application id with an empty state
     * directory restores every store from its changelog instead of replaying the event topics.
     * Timed from the process's start until a fleet-wide answer (every partition restored and
     * confirmed caught up) counts the envoys the app counted before it stopped.
     */
    private void restoreFromChangelogs(Admin admin, AppLaunch launch, String appId, long envoysKnown, Report.Fleet fleetReport)
            throws Exception {
        long offsets = changelogOffsets(admin, appId);
        Path state = launch.work().resolve("app-state-" + appId + "-restored");
        int port = Ports.free();
        long started = System.nanoTime();
        Process app = launch.start(appId, port, Map.of("VIGO_STATE_DIR", state.toString()), null);
        try {
            startCpu("streams app", app.pid());
            Probes probes = new Probes(URI.create("http://127.0.0.1:" + port), null); // reads only: no probe envoys to publish
            long deadline = started + launch.settings().catchUpTimeoutMillis * 1_000_000L;
            long counted = -1;
            while (counted != envoysKnown) {
                if (System.nanoTime() > deadline || !app.isAlive()) {
                    throw new IllegalStateException("the streams app restored from its changelogs did not count the " + envoysKnown
                            + " envoys it knew (last answer: " + counted + "); see " + appId + ".log in the work dir (--keep)");
                }
                try {
                    counted = probes.json("/swarm/status").get("envoysTotal").asLong();
                } catch (ApiException e) {
                    Thread.sleep(100); // 503 while restoring, or not listening yet
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            fleetReport.cpu("restore from changelogs (a lost state volume)", cpuSince());
            fleetReport.put(Report.RESTORE_SECONDS, seconds);
            fleetReport.put("changelog offsets restored", offsets);
            fleetReport.put("restore offsets/s", offsets / seconds);
            System.out.printf("bench:   lost state volume: answering again after %.1f s (%,d changelog offsets, %,.0f/s)%n", seconds, offsets,
                    offsets / seconds);
        } finally {
            Children.stop(app);
            pids.remove("streams app");
            deleteTree(state);
        }
    }

    /**
     * Offsets in the application's changelog topics: records, and the transaction markers
     * exactly-once writes between them. Changelogs are compacted, never truncated from the front,
     * so their end offsets count everything a restore reads.
     */
    private static long changelogOffsets(Admin admin, String appId) throws Exception {
        List<String> changelogs = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(topic -> topic.startsWith(appId + "-") && topic.endsWith("-changelog")).toList();
        return new Progress(admin, changelogs).end();
    }

    /** How the bench starts a streams app: its own process, fresh state, the deployment's heap. */
    private record AppLaunch(String bootstrap, String registryUrl, String prefix, Path instanceTokenFile, Path work, Settings settings,
            int threads) {

        /** A streams app with application id {@code appId} on {@code port}; {@code jfr}: record it there (null: not). */
        Process start(String appId, int port, Map<String, String> extra, Path jfr) throws java.io.IOException {
            Map<String, String> env = new LinkedHashMap<>(Map.of(
                    "VIGO_BOOTSTRAP_SERVERS", bootstrap,
                    "VIGO_REGISTRY_URL", registryUrl,
                    "VIGO_STATE_DIR", work.resolve("app-state-" + appId).toString(),
                    "VIGO_APPLICATION_ID", appId,
                    "VIGO_TOPIC_PREFIX", prefix,
                    "VIGO_STREAM_THREADS", String.valueOf(threads),
                    "VIGO_INSTANCE_TOKEN_FILE", instanceTokenFile.toString(),
                    // glibc gives each thread that mallocs its own arena; RocksDB's native memory is spread over
                    // them and RSS grows with the thread count. Two arenas are enough for one stream thread.
                    "MALLOC_ARENA_MAX", "2"));
            env.putAll(extra);
            List<String> flags = new ArrayList<>(List.of("-Xmx" + settings.appHeap, "-XX:+UseParallelGC", "-XX:NativeMemoryTracking=summary"));
            if (jfr != null) {
                flags.add("-XX:FlightRecorderOptions=stackdepth=256"); // a sample deep in a store write keeps the processor that made it
                flags.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
            }
            return Children.java(Children.VIGO, flags, env, work.resolve(appId + ".log"), "streams", "--port", String.valueOf(port));
        }
    }

    private void startCpu(String name, long pid) {
        pids.put(name, pid);
        phase = cpuMark();
    }

    /** Each running process's CPU seconds at a moment: a phase inside another is accounted from one ({@link #cpuSince(CpuMark)}). */
    private record CpuMark(Map<String, Double> seconds, long nanos) {
    }

    private CpuMark cpuMark() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((process, id) -> seconds.put(process, ProcessStats.cpuSeconds(id)));
        return new CpuMark(seconds, System.nanoTime());
    }

    private Map<String, Double> cpuSince(CpuMark mark) {
        Map<String, Double> used = new LinkedHashMap<>();
        mark.seconds().forEach((process, before) -> used.put(process, ProcessStats.cpuSeconds(pids.get(process)) - before));
        used.put("(wall)", (System.nanoTime() - mark.nanos()) / 1e9);
        return used;
    }

    /** CPU seconds each process used since {@link #startCpu}, and the wall seconds. */
    private Map<String, Double> cpuSince() {
        return cpuSince(phase);
    }

    /**
     * The probes measure the steady state: the live workload runs for {@code minSeconds} (the
     * caches, the JIT and RocksDB settle after the catch-up) and until the app is less than one
     * second of input behind, at most {@value #WARM_UP_MAX_SECONDS} s. Returns the seconds it took,
     * which the report states beside the figures.
     */
    private static double warmUp(Progress progress, String appId, double eventsPerSecond, int minSeconds) throws Exception {
        long start = System.nanoTime();
        while (true) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= WARM_UP_MAX_SECONDS
                    || (elapsed >= minSeconds && progress.lag(appId) < eventsPerSecond)) {
                return elapsed;
            }
            Thread.sleep(500);
        }
    }

    /**
     * CPU per event, the figure an operator sizes with: with the fleet online, check-ins that change
     * nothing, then cache changes alone, each offered at {@code eventsPerSecond} (half the live
     * maximum: the app keeps up) for the live maximum's window; each process's CPU over the window
     * and the catch-up after it, divided by the events the app consumed.
     */
    private void cpuPerEvent(Progress progress, Process app, String appId, BenchFleet fleet, URI api, String instanceToken,
            double eventsPerSecond, Settings settings, Report.Fleet fleetReport) throws Exception {
        for (BenchFleet.Step step : List.of(BenchFleet.Step.HEARTBEAT, BenchFleet.Step.CACHE_CHANGE)) {
            long committedBefore = progress.committed(appId);
            startCpu("streams app", app.pid());
            Driver driver = new Driver(fleet, api, instanceToken, step);
            driver.start(eventsPerSecond, false);
            Thread.sleep(settings.maxWindowSeconds * 1000L);
            driver.stop();
            progress.catchUp(appId, app, settings.catchUpTimeoutMillis);
            Map<String, Double> used = cpuSince();
            long events = progress.committed(appId) - committedBefore;
            String name = step == BenchFleet.Step.HEARTBEAT ? "no-change check-in" : "cache change";
            fleetReport.cpu("CPU per event: " + name + "s only", used);
            StringBuilder line = new StringBuilder("bench:   CPU per " + name + ":");
            for (String figure : List.of("streams app", "broker", "load generator")) {
                // The bench's own process stands for the gateways' publishing: the load generator.
                double micros = used.get(figure.equals("load generator") ? "bench driver" : figure) * 1e6 / events;
                fleetReport.put(Report.cpuPerEvent(figure, name), micros);
                line.append(String.format(java.util.Locale.ROOT, " %s %.0f µs", figure, micros));
            }
            System.out.println(line.append(String.format(java.util.Locale.ROOT, " (%,d events)", events)));
        }
    }

    /**
     * Waits until the app's online count passes {@code test} and it is less than {@code lagRecords}
     * of input behind (0: nothing left), at most {@code maxSeconds}; returns the seconds it took,
     * or NaN when it did not settle in time.
     */
    private static double awaitFleet(Progress progress, Probes probes, String appId, java.util.function.LongPredicate test,
            double lagRecords, int maxSeconds) throws Exception {
        long start = System.nanoTime();
        while (true) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= maxSeconds) {
                return Double.NaN;
            }
            long lag = progress.lag(appId);
            if ((lagRecords == 0 ? lag == 0 : lag < lagRecords) && test.test(online(probes))) {
                return elapsed;
            }
            Thread.sleep(250);
        }
    }

    /** Envoys of the population online, as the app counts them now. */
    private static long online(Probes probes) {
        return probes.json("/swarm/status").get("envoysOnline").asLong();
    }

    private static String settled(double seconds) {
        return Double.isNaN(seconds) ? "(not within " + FLEET_SETTLE_MAX_SECONDS + " s)" : String.format(java.util.Locale.ROOT, "%.1f s", seconds);
    }

    private static void awaitAnswering(Probes probes) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            try {
                probes.json("/swarm/status");
                return;
            } catch (ApiException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the streams app did not answer within 60 s");
    }

    private static String joined(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** Sizes of the run: quick keeps every row but takes fewer samples. */
    record Settings(long backlog, int samples, int requests, int warmUpSeconds, int liveSeconds, int maxWindowSeconds,
            long catchUpTimeoutMillis, String appHeap) {
        static final Settings QUICK = new Settings(150_000, 40, 200, 5, 20, 8, 600_000, "160m");
        static final Settings FULL = new Settings(400_000, 200, 1_000, 15, 60, 20, 1_800_000, "160m");

        Settings withAppHeap(String heap) {
            return new Settings(backlog, samples, requests, warmUpSeconds, liveSeconds, maxWindowSeconds, catchUpTimeoutMillis, heap);
        }

        Settings withBacklog(long events) {
            return new Settings(events, samples, requests, warmUpSeconds, liveSeconds, maxWindowSeconds, catchUpTimeoutMillis, appHeap);
        }

        /** Rounds of check-ins after the joins of {@code envoys}: as many as the backlog holds, at least {@link #MIN_ROUNDS}. */
        int rounds(int envoys) {
            return (int) Math.max(MIN_ROUNDS, Math.ceil((backlog - envoys) / (envoys * BenchFleet.EVENTS_PER_CHECK_IN)));
        }
    }

    /**
     * Publishes the fleet's check-ins at a rate (check-ins per second; infinite: as fast as the
     * producer takes them) on its own thread, with each envoy's conditional task poll every 4th
     * check-in when asked. The polls stand for the gateways': one the gateways' task marks can answer
     * (unchanged, or nothing pending) is answered there, as {@code TaskMarks} lets a gateway; the rest go to the app on a
     * few threads; a poll that finds them all busy and 32 waiting is counted as skipped, not queued.
     */
    static final class Driver {
        private static final int POLLERS = 8;
        private final BenchFleet fleet;
        private final URI api;
        private final String instanceToken;
        /** One keep-alive connection per polling thread: the JDK's HttpClient cost the harness more CPU than the polls cost the app. */
        private final ThreadLocal<KeepAlive> connection;
        private final java.util.Queue<KeepAlive> connections = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final ThreadPoolExecutor pollers = new ThreadPoolExecutor(POLLERS, POLLERS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(32), runnable -> {
                    Thread thread = new Thread(runnable, "bench-task-poller");
                    thread.setDaemon(true);
                    return thread;
                });
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong events = new AtomicLong();
        private final AtomicLong polls = new AtomicLong();
        private final AtomicLong relayed = new AtomicLong();
        private final AtomicLong skipped = new AtomicLong();
        /** The gateways' copy of the task marks, or null to send every poll to the app. */
        private final TaskMarks marks;
        private final String[] etags;
        private final BenchFleet.Step step;
        private Thread thread;
        private long startedAt;

        Driver(BenchFleet fleet, URI api, String instanceToken) {
            this(fleet, api, instanceToken, BenchFleet.Step.WORKLOAD);
        }

        Driver(BenchFleet fleet, URI api, String instanceToken, BenchFleet.Step step) {
            this(fleet, api, instanceToken, step, null);
        }

        Driver(BenchFleet fleet, URI api, String instanceToken, BenchFleet.Step step, TaskMarks marks) {
            this.fleet = fleet;
            this.marks = marks;
            this.step = step;
            this.api = api;
            this.instanceToken = instanceToken;
            this.connection = ThreadLocal.withInitial(() -> {
                KeepAlive opened = new KeepAlive(api.getHost(), api.getPort());
                connections.add(opened);
                return opened;
            });
            this.etags = new String[fleet.size()];
        }

        void start(double checkInsPerSecond, boolean taskPolls) {
            startedAt = System.nanoTime();
            thread = new Thread(() -> {
                long sent = 0;
                while (!stop.get()) {
                    double elapsed = (System.nanoTime() - startedAt) / 1e9;
                    long due = Double.isInfinite(checkInsPerSecond) ? sent + 1000 : (long) (elapsed * checkInsPerSecond);
                    while (sent < due && !stop.get()) {
                        int envoy = fleet.next();
                        events.addAndGet(fleet.step(step, envoy));
                        sent++;
                        if (taskPolls && fleet.pollsNow(envoy)) {
                            poll(envoy);
                        }
                    }
                    if (!Double.isInfinite(checkInsPerSecond)) {
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "bench-driver");
            thread.start();
        }

        /** The envoy's conditional poll, as the agent makes it: its pending tasks unless unchanged since its last answer. */
        private void poll(int envoy) {
            TaskMarks.Answer atGateway = marks == null ? TaskMarks.Answer.ASK_THE_TRACKER : marks.answer(BenchFleet.host(envoy), etags[envoy]);
            if (atGateway != TaskMarks.Answer.ASK_THE_TRACKER) {
                if (atGateway == TaskMarks.Answer.NOTHING_PENDING) {
                    etags[envoy] = io.vigo.swarm.api.Etags.EMPTY; // the empty list, as a gateway answers it
                }
                polls.incrementAndGet(); // answered at the gateway, as a gateway with the marks would
                return;
            }
            try {
                pollers.execute(() -> {
                    try {
                        KeepAlive.Answer answer = connection.get().send(pendingTasksRequest(envoy));
                        if (answer.status() == 200) {
                            etags[envoy] = answer.etag();
                        }
                        if (answer.status() == 200 || answer.status() == 304) {
                            polls.incrementAndGet(); // polls/s is what the gateway or the app answered
                            relayed.incrementAndGet();
                        }
                    } catch (java.io.IOException e) {
                        // not counted; the connection is opened again on the next poll
                    }
                });
            } catch (RejectedExecutionException e) {
                skipped.incrementAndGet();
            }
        }

        /** The envoy's conditional poll as the agents' API client (VigoApiClient.pendingTasks) sends it. */
        private byte[] pendingTasksRequest(int envoy) {
            String etag = etags[envoy];
            return ("GET /api/v1/envoys/" + BenchFleet.host(envoy) + "/tasks HTTP/1.1\r\nHost: " + api.getHost() + ":" + api.getPort()
                    + "\r\nAuthorization: Bearer " + instanceToken + "\r\nAccept: application/json\r\n"
                    + (etag == null ? "" : "If-None-Match: " + etag + "\r\n") + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        Result stop() throws InterruptedException {
            stop.set(true);
            thread.join();
            pollers.shutdown();
            pollers.awaitTermination(30, TimeUnit.SECONDS);
            connections.forEach(KeepAlive::close);
            fleet.flush();
            double seconds = (System.nanoTime() - startedAt) / 1e9;
            return new Result(events.get() / seconds, polls.get() / seconds, relayed.get() / seconds, skipped.get());
        }

        record Result(double eventsPerSecond, double pollsPerSecond, double relayedPerSecond, long pollsSkipped) {
        }
    }
}
