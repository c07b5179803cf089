package io.vigo.swarm.gateway.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vigo.swarm.gateway.identity.EnvoyKeys;
import io.vigo.swarm.gateway.follow.TaskMarks;
import io.vigo.swarm.gateway.identity.KeyBook;
import io.vigo.swarm.gateway.publish.EventGate;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * The envoys' HTTP endpoint: HTTP/1.1 (and HTTPS with a configured keystore) on Netty, a few
 * event-loop threads for every connection, the protocol itself in {@link EnvoyEndpoints}.
 *
 * <p>Why Netty and not the servlet stack the streams app's API uses: the gateway's work per
 * request is small (a key check, a JSON read, a send to Kafka), so what surrounds it decides how
 * many check-ins a core takes. A request is read, checked and sent on its connection's event
 * loop, and its answer written there when Kafka acknowledges: no hand-off to a worker pool, no
 * thread per waiting request, no servlet objects per request. (Netty is on the classpath anyway:
 * the registry client's Vert.x runs on it.)
 */
public final class GatewayServer implements AutoCloseable {

    /** How the server is set up; secrets are passed in, never read or logged here. */
    public record Settings(String host, int port, Path keystore, String keystorePassword, int maxBodyBytes, double ratePerSecond,
            int rateBurst, Duration ackTimeout, Duration idleTimeout, Duration requestTimeout) {
    }

    /** Enrolments wait for their record on Kafka; a few at a time is plenty (a fleet enrols once). */
    private static final int ENROLMENT_THREADS = 4;
    private static final int MAX_LINE = 4096;
    private static final int MAX_HEADERS = 8192;

    private final Settings settings;
    private final EnvoyEndpoints endpoints;
    private final SslContext tls;
    private final EventLoopGroup loops;
    private final ThreadPoolExecutor enrolments;
    private Channel listening;

    public GatewayServer(Settings settings, EnvoyKeys keys, KeyBook book, EventGate gate, TaskMarks marks, TrackerRelay tracker,
            String enrolSecret, PrometheusMeterRegistry metrics) {
        this.settings = settings;
        this.tls = settings.keystore() == null ? null : tls(settings.keystore(), settings.keystorePassword());
        this.enrolments = new ThreadPoolExecutor(ENROLMENT_THREADS, ENROLMENT_THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                new DefaultThreadFactory("vigo-gateway-enrol", true));
        this.enrolments.allowCoreThreadTimeOut(true);
        this.endpoints = new EnvoyEndpoints(new EnvoyEndpoints.Limits(settings.ratePerSecond(),
                settings.rateBurst(), settings.ackTimeout()), keys, book, gate, marks, tracker, enrolSecret, metrics, enrolments);
        this.loops = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("vigo-gateway-http", true));
    }

    private static SslContext tls(Path keystore, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, secret);
            return SslContextBuilder.forServer(keyManagers).sslProvider(SslProvider.JDK).build();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use the TLS keystore " + keystore + ": " + e.getMessage());
        }
    }

    public GatewayServer start() {
        ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (tls != null) {
                            pipeline.addLast(tls.newHandler(channel.alloc()));
                        }
                        pipeline.addLast(new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        ArrivalDeadline deadline = new ArrivalDeadline(settings.requestTimeout());
                        pipeline.addLast(deadline);
                        pipeline.addLast(new HttpServerCodec(MAX_LINE, MAX_HEADERS, 8192));
                        pipeline.addLast(new BoundedBodies(endpoints, settings.maxBodyBytes()));
                        pipeline.addLast(new HttpConnection(endpoints, deadline));
                    }
                });
        try {
            listening = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage());
        }
        return this;
    }

    public int port() {
        return ((InetSocketAddress) listening.localAddress()).getPort();
    }

    /** Stops listening and closes every connection; what waits for Kafka is answered by nothing (the envoy sends it again). */
    @Override
    public void close() {
        if (listening != null) {
            listening.close().syncUninterruptibly();
        }
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        enrolments.shutdownNow();
    }
}
