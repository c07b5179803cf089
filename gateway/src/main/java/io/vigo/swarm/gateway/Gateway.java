package io.vigo.swarm.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigo.swarm.gateway.follow.TaskMarks;
import io.vigo.swarm.gateway.http.GatewayServer;
import io.vigo.swarm.gateway.http.TrackerRelay;
import io.vigo.swarm.gateway.identity.EnvoyKeys;
import io.vigo.swarm.gateway.identity.KeyBook;
import io.vigo.swarm.gateway.publish.EventGate;
import io.vigo.swarm.topics.TopicNames;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: the key book following the keys topic, the task marks following theirs,
 * the event gate into Kafka, and the HTTP server in front. Stateless beyond what it reads from
 * Kafka, so any number run side by side.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final KeyBook book;
    private final TaskMarks marks;
    private final EventGate gate;
    private final GatewayServer server;
    private final boolean tls;

    private Gateway(KeyBook book, TaskMarks marks, EventGate gate, GatewayServer server, boolean tls) {
        this.book = book;
        this.marks = marks;
        this.gate = gate;
        this.server = server;
        this.tls = tls;
    }

    public static Gateway start(GatewayConfig config) {
        TopicNames topics = new TopicNames(config.topicPrefix());
        EnvoyKeys keys = new EnvoyKeys(config.signingSecret().getBytes(StandardCharsets.UTF_8));
        String enrolSecret = config.enrolSecret();
        TrackerRelay tracker = new TrackerRelay(URI.create(config.trackerUrl()), config.instanceToken(), Duration.ofSeconds(5));
        String keystorePassword = config.keystorePassword();
        KeyBook book = new KeyBook(config.bootstrapServers(), topics.envoyKeys(), Clock.systemUTC()).start();
        TaskMarks marks = new TaskMarks(config.bootstrapServers(), topics.taskMarks()).start();
        EventGate gate = null;
        try {
            gate = new EventGate(config.bootstrapServers(), config.registryUrl(), topics, config.ackTimeout(), Clock.systemUTC());
            GatewayServer server = new GatewayServer(new GatewayServer.Settings(config.httpHost(), config.httpPort(), config.tlsKeystoreFile(),
                    keystorePassword, config.maxBodyBytes(), config.ratePerSecond(), config.rateBurst(), config.ackTimeout(), config.idleTimeout(), config.requestTimeout()),
                    keys, book, gate, marks, tracker, enrolSecret, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start();
            Gateway gateway = new Gateway(book, marks, gate, server, config.tlsKeystoreFile() != null);
            log.info("gateway listening at {}", gateway.url(config.httpHost()));
            return gateway;
        } catch (RuntimeException e) {
            if (gate != null) {
                gate.close();
            }
            marks.close();
            book.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public String url(String host) {
        return (tls ? "https" : "http") + "://" + host + ":" + port();
    }

    public boolean ready() {
        return book.caughtUp();
    }

    /** Stops taking requests, then lets what Kafka still holds for it go. */
    @Override
    public void close() {
        server.close();
        gate.close();
        marks.close();
        book.close();
    }
}
