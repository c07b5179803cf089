package io.vigo.swarm.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConnection;

/**
 * Closes a connection whose request line and headers take longer than a limit to arrive. Jetty's
 * idle timeout restarts with every byte, so a client sending one byte a second would otherwise hold
 * a connection (and its buffers) forever; Jetty 11 has no header-read timeout of its own.
 */
public final class SlowHeaderGuard implements Connection.Listener, AutoCloseable {

    /** When a request began arriving: the connection's count of requests and the time. */
    private record Arriving(long messagesIn, long sinceNanos) {
    }

    private final long limitNanos;
    private final Map<HttpConnection, Arriving> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "vigo-http-slow-header-guard");
        thread.setDaemon(true);
        return thread;
    });

    public SlowHeaderGuard(Duration limit) {
        this.limitNanos = limit.toNanos();
        timer.scheduleAtFixedRate(this::closeSlowOnes, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.put(http, new Arriving(-1, 0));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    private void closeSlowOnes() {
        long now = System.nanoTime();
        open.replaceAll((connection, arriving) -> {
            HttpParser parser = connection.getParser();
            boolean readingHead = !parser.isStart() && parser.inHeaderState();
            if (!readingHead) {
                return new Arriving(-1, 0);
            }
            if (arriving.messagesIn() != connection.getMessagesIn()) {
                return new Arriving(connection.getMessagesIn(), now); // first seen reading this request's head
            }
            if (now - arriving.sinceNanos() > limitNanos) {
                connection.getEndPoint().close();
            }
            return arriving;
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
