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

    private final long limitNanos;
    private ScheduledFuture<?> deadline;

    ArrivalDeadline(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (deadline == null) {
            deadline = ctx.executor().schedule(() -> {
                ctx.close();
            }, limitNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        arrived();
        ctx.write(msg, promise);
    }

    /** The request arrived whole (or was answered): the next one's clock starts with its own first byte. */
    void arrived() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        arrived();
        ctx.fireChannelInactive();
    }
}
