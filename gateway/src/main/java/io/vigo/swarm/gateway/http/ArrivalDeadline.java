package io.vigo.swarm.gateway.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request takes longer than a limit to arrive, counted from its first
 * byte. The idle timeout restarts with every byte, so a client sending one byte a second would
 * otherwise keep a connection and its buffers for as long as it liked. The clock stops when the
 * request has arrived whole, or when the gateway answers (a refusal may come before the body, as
 * a 413 does); the next bytes start it again.
 */
final class ArrivalDeadline extends ChannelDuplexHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ArrivalDeadline.class);

    private final long limitNanos;
    /** When the request now arriving sent its first byte; meaningful while {@code arriving}. */
    private long sinceNanos;
    private boolean arriving;
    /** The one check pending for this connection, or null: not a timer per request, which would cost more than the rest of it. */
    private ScheduledFuture<?> check;

    ArrivalDeadline(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!arriving) {
            arriving = true;
            sinceNanos = System.nanoTime();
            if (check == null) {
                check = ctx.executor().schedule(() -> check(ctx), limitNanos, TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void check(ChannelHandlerContext ctx) {
        check = null;
        if (!arriving || !ctx.channel().isActive()) {
            return;
        }
        long left = sinceNanos + limitNanos - System.nanoTime();
        if (left <= 0) {
            log.debug("{}: no whole request within the request timeout; closed", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            check = ctx.executor().schedule(() -> check(ctx), left, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        arrived();
        ctx.write(msg, promise);
    }

    /** The request arrived whole (or was answered): the next one's clock starts with its own first byte. */
    void arrived() {
        arriving = false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        arriving = false;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        ctx.fireChannelInactive();
    }
}
