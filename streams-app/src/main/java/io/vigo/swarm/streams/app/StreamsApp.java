package io.vigo.swarm.streams.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigo.swarm.events.RegistrySerdes;
import io.vigo.swarm.streams.errors.DeadLetters;
import io.vigo.swarm.streams.http.ApiServer;
import io.vigo.swarm.streams.query.SwarmQueries;
import io.vigo.swarm.streams.state.StoreNames;
import io.vigo.swarm.streams.topology.SwarmTopology;
import io.vigo.swarm.streams.write.OperatorWrites;
import io.vigo.swarm.streams.write.WriteBarrier;
import io.vigo.swarm.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the streams app: the topology on Kafka Streams (exactly-once v2) and its HTTP
 * API. Started in-process by {@code bin/vigo up}, or on its own by {@code bin/vigo streams}.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamsAppConfig config;
    private final Admin admin;
    private final KafkaStreams streams;
    private final ApiServer api;
    private final ScheduledExecutorService sampler;
    /** Which store partitions are whole and current, and may answer. */
    private final StoreReadiness readiness;
    private final InputCatchUp catchUp;
    private final DeadLetterCounter deadLetters;
    private final io.vigo.swarm.streams.query.KafkaCheckInLog checkIns;
    private final OperatorWrites writes;
    /** Stream threads that failed and were replaced: bad input must never be the cause. */
    private final java.util.concurrent.atomic.AtomicLong threadsReplaced = new java.util.concurrent.atomic.AtomicLong();
    private final ProcessingHealth health;
    private final PartitionLagGauges partitionLag;

    /**
     * The clocks of one instance: Kafka Streams' time (commits, the offline punctuator) and the
     * clock that stamps answers. Both are the system's, except in tests that replay a fixture at
     * the moment the reference document shows.
     */
    public record Clocks(org.apache.kafka.common.utils.Time streamsTime, Clock answerClock) {
        public static final Clocks SYSTEM = new Clocks(org.apache.kafka.common.utils.Time.SYSTEM, Clock.systemUTC());
    }

    private StreamsApp(StreamsAppConfig config, Clocks clocks) {
        this.config = config;
        TopicNames topics = new TopicNames(config.topicPrefix());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()));
        int partitions = partitionsOf(topics.checkins());
        try {
            SoleApplication.check(admin, config.applicationId(), topics, SoleApplication.PATIENCE);
        } catch (RuntimeException e) {
            admin.close(Duration.ofSeconds(5));
            throw e;
        }
        this.catchUp = new InputCatchUp(admin, config.applicationId(), config.bootstrapServers());

        IngestMonitor ingest = new IngestMonitor(
                Set.of(topics.checkins(), topics.envoyReports(), topics.operator(), topics.manifestAdmin()), topics.checkins());
        this.health = new ProcessingHealth(config.registryUrl(), Clock.systemUTC());
        Properties properties = streamsProperties(config, topics);
        properties.put(io.vigo.swarm.streams.state.BoundedRocksDb.PARTITIONS_CONFIG, partitions);
        properties.put(DeadLetters.REGISTRY_OUTAGES_CONFIG, health);
        this.streams = new KafkaStreams(
                SwarmTopology.build(topics, RegistrySerdes.valueSerde(config.registryUrl(), topics.prefix()), ingest, config.historyHorizon()),
                properties, clocks.streamsTime());
        ingest.attach(streams);
        streams.setUncaughtExceptionHandler(e -> {
            threadsReplaced.incrementAndGet();
            health.threadFailed(e);
            log.error("stream thread failed; replacing it and resuming from the last commit", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        this.readiness = new StoreReadiness(StoreReadiness.probe(streams, catchUp));
        streams.setGlobalStateRestoreListener(readiness);
        streams.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.REBALANCING) {
                readiness.rebalancing();
            } else if (next == KafkaStreams.State.RUNNING) {
                readiness.assignmentSettled();
            }
            log.info("streams state {} -> {}", previous, next);
        });

        this.deadLetters = new DeadLetterCounter(config.bootstrapServers(), topics.deadLetter());
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new KafkaStreamsMetrics(streams).bindTo(metrics);
        var stores = new io.vigo.swarm.streams.query.PartitionedStores(streams, partitions, readiness);
        var self = new org.apache.kafka.streams.state.HostInfo(config.advertisedHost(), config.httpPort());
        var instances = new io.vigo.swarm.streams.query.Instances(streams, self);
        var partials = new io.vigo.swarm.streams.query.Partials(stores, instances::others, Duration.ofSeconds(3), config.instanceToken());
        if (config.instanceToken() == null) {
            log.warn("instance.token.file is not set: this instance answers alone and refuses other instances' partial queries; "
                    + "with several instances give every one the same secret");
        }
        var router = new io.vigo.swarm.streams.query.KeyRouter(instances::remoteOwner, config.instanceToken());
        this.checkIns = new io.vigo.swarm.streams.query.KafkaCheckInLog(config.bootstrapServers(), topics.checkins(),
                RegistrySerdes.valueSerde(config.registryUrl(), topics.prefix()).deserializer());
        SwarmQueries queries = new SwarmQueries(stores, partials, router, ingest::totalLag, deadLetters::count, clocks.answerClock(),
                config.historyHorizon(), checkIns);
        var tasks = new io.vigo.swarm.streams.query.TaskQueries(stores, partials, router, ingest::totalLag, clocks.answerClock());
        Gauge.builder("vigo_deadletter_records", deadLetters, DeadLetterCounter::count).register(metrics);
        String allocator = NativeAllocator.name();
        log.info(NativeAllocator.startLine(allocator));
        Gauge.builder("vigo_native_allocator", () -> 1).tag("allocator", allocator)
                .description("the malloc this process runs on (1 for the one named)").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("vigo_registry_unavailable_retries", DeadLetters.REGISTRY_RETRIES,
                java.util.concurrent.atomic.AtomicLong::get).description("decodes that waited for the schema registry").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("vigo_stream_threads_replaced", threadsReplaced,
                java.util.concurrent.atomic.AtomicLong::get).description("stream threads that failed and were replaced").register(metrics);
        ProcessorSensors.register(streams, metrics);
        for (String endpoint : java.util.List.of("status", "peers", "refused", "envoy", "envoys", "filecast", "holders", "tasks", "task")) {
            metrics.timer("vigo_query_latency", "endpoint", endpoint);
            metrics.counter("vigo_partial_answers", "endpoint", endpoint);
        }
        Gauge.builder("vigo_ingest_lag_records", ingest, IngestMonitor::totalLag).register(metrics);
        Gauge.builder("vigo_restoring_stores", readiness, StoreReadiness::restoringCount).register(metrics);
        Gauge.builder("vigo_restore_remaining_records", readiness, StoreReadiness::restoreRemaining)
                .description("changelog records the restoring stores have yet to restore").register(metrics);
        this.partitionLag = new PartitionLagGauges(ingest, metrics);
        FleetGauges.register(stores, metrics);
        String token = config.operatorToken();
        this.writes = token == null ? null : new OperatorWrites(config.bootstrapServers(), config.registryUrl(), topics,
                new WriteBarrier(admin, config.applicationId(), Duration.ofSeconds(10)), clocks.answerClock());
        this.api = new ApiServer(queries, tasks, partials, writes, token, this::ready, health::problem, metrics,
                () -> new io.vigo.swarm.api.ServerVersion(io.vigo.swarm.api.Build.current(), kafkaStreamsVersion(),
                        config.applicationId(), config.topicPrefix(), 1 + instances.others().size()));

        // Two sampler threads: a readiness pass waits on the brokers for up to seconds after a
        // rebalance, and the ingest lag must keep being sampled meanwhile.
        java.util.concurrent.atomic.AtomicInteger samplers = new java.util.concurrent.atomic.AtomicInteger();
        this.sampler = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "vigo-sampler-" + samplers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(() -> {
            ingest.sample();
            partitionLag.update();
        }, 0, 250, TimeUnit.MILLISECONDS);
        sampler.scheduleWithFixedDelay(readiness::refresh, 0, 100, TimeUnit.MILLISECONDS);
    }

    public static StreamsApp start(StreamsAppConfig config) {
        return start(config, Clocks.SYSTEM);
    }

    public static StreamsApp start(StreamsAppConfig config, Clocks clocks) {
        formatNumbersAsUs();
        StreamsApp app = new StreamsApp(config, clocks);
        app.streams.start();
        app.api.start(config.httpHost(), config.httpPort());
        log.info("streams app {} serving the API on http://{}:{}", config.applicationId(), config.httpHost(), app.api.port());
        return app;
    }

    /**
     * Makes en-US the JVM's default locale for formatting. Kafka Streams 4.4 builds its task
     * readiness messages with {@code String.format} on every record, once per empty input
     * partition, whether or not TRACE logging is on (the envoy side's task reads five topics, three
     * of them empty in a catch-up). {@code Formatter} prints a number in any default locale but
     * en-US by building a new {@code DecimalFormatSymbols}, and a JVM started with {@code LANG=C.UTF-8}
     * (this project's machines and containers) defaults to plain {@code en}: those symbols were a
     * fifth of everything the stream thread allocated in a catch-up at 100,000 envoys, and a format
     * took twice as long (BENCHMARKS.md, "Kafka Streams' readiness messages and the default
     * locale"). Nothing the app writes depends on the default locale: its own formatting names
     * {@code Locale.ROOT} every time.
     */
    public static void formatNumbersAsUs() {
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    }

    public int httpPort() {
        return api.port();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** How many stream threads failed and were replaced since this instance started. */
    public long threadsReplaced() {
        return threadsReplaced.get();
    }

    /** Running, no store restoring here, and processing not halted. */
    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING && readiness.idle() && health.problem().isEmpty();
    }

    static Properties streamsProperties(StreamsAppConfig config, TopicNames topics) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        // Queries read the stores, never waiting for a commit; the app's own output topics do. A live
        // app asks for a commit every 100 ms, one catching up commits at this interval (CommitPacer).
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) io.vigo.swarm.streams.topology.CommitPacer.CATCHING_UP_EVERY_MS);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.advertisedHost() + ":" + config.httpPort());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class);
        // No global stores today; opting in now keeps behaviour the same when Kafka 5 makes it the default.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16 * 1024 * 1024L);
        // The early-commit limit is for transactional state stores, which this app does not enable;
        // left on, the stream thread sums every store's uncommitted bytes on each loop (3 % of it at
        // 100,000 envoys, BENCHMARKS.md) to compare with a limit that can never matter here.
        props.put(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, -1L);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, io.vigo.swarm.streams.state.BoundedRocksDb.class);
        props.put(io.vigo.swarm.streams.state.BoundedRocksDb.CHURNING_STORES_CONFIG, StoreNames.PEER_ORDER);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A crashed instance's partitions move after this long without heartbeats (default 45 s).
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
        // With two or more instances each task has a warm copy elsewhere, so a failover does not
        // rebuild stores from the changelogs (a single instance simply has no standby to place).
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        return props;
    }

    private int partitionsOf(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe topic " + topic + " at " + config.bootstrapServers()
                    + " (run `bin/vigo topics apply` first): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        api.close();
        if (writes != null) {
            writes.close();
        }
        sampler.shutdownNow();
        deadLetters.close();
        checkIns.close();
        // Leave the group on a clean stop, so a restart does not wait out the old member's session.
        streams.close(org.apache.kafka.streams.CloseOptions
                .groupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        catchUp.close();
        admin.close(Duration.ofSeconds(5));
    }

    /** The Kafka Streams library's version, from the properties file its jar carries. */
    static String kafkaStreamsVersion() {
        try (java.io.InputStream in = KafkaStreams.class.getResourceAsStream("/kafka/kafka-streams-version.properties")) {
            Properties version = new Properties();
            if (in != null) {
                version.load(in);
            }
            return version.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

}
