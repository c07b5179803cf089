package io.vigo.swarm.gateway.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.vigo.swarm.gateway.http.EnvoyEndpoints.Refusal;
import io.vigo.swarm.gateway.http.Exchange.Answer;
import io.vigo.swarm.gateway.http.Exchange.Request;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: whole requests (the aggregator before it collected their bodies) handed
 * to the endpoints and answered in the order they came, one at a time (so a client that pipelines
 * gets its answers in order). A request waiting for Kafka holds no thread: its answer is written
 * on the connection's event loop when it completes. A connection idle with nothing to answer is
 * closed (the idle timeout).
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);

    /** Requests a client may have read ahead of their answers (pipelined) before the connection stops reading. */
    private static final int MAX_WAITING = 8;

    private final EnvoyEndpoints endpoints;
    private final ArrivalDeadline deadline;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean answering;

    /** @param deadline the same connection's, told when a request has arrived whole */
    HttpConnection(EnvoyEndpoints endpoints, ArrivalDeadline deadline) {
        this.endpoints = endpoints;
        this.deadline = deadline;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        deadline.arrived();
        if (request.decoderResult().isFailure()) {
            request.release();
            refuseUnreadable(ctx, request.decoderResult().cause());
            return;
        }
        waiting.add(request);
        if (waiting.size() >= MAX_WAITING) {
            ctx.channel().config().setAutoRead(false); // a client pipelining this far waits for its answers before more is read
        }
        answerWaiting(ctx);
    }

    /** Answers the waiting requests in order, each once the one before it is answered. */
    private void answerWaiting(ChannelHandlerContext ctx) {
        while (!answering && ctx.channel().isActive()) {
            FullHttpRequest next = waiting.poll();
            if (next == null) {
                ctx.channel().config().setAutoRead(true);
                return;
            }
            answering = true;
            boolean keepAlive = HttpUtil.isKeepAlive(next);
            HttpVersion version = next.protocolVersion();
            Request request;
            try {
                HttpHeaders headers = next.headers();
                request = new Request(next.method().name(), path(next.uri()), headers.get(HttpHeaderNames.AUTHORIZATION),
                        headers.get(HttpHeaderNames.CONTENT_TYPE), headers.get(HttpHeaderNames.IF_NONE_MATCH),
                        ByteBufUtil.getBytes(next.content()));
            } finally {
                next.release();
            }
            CompletableFuture<Answer> answer = endpoints.answer(request);
            if (answer.isDone()) {
                answered(ctx, request.path(), version, keepAlive, answer.join());
            } else {
                answer.whenComplete((done, failure) -> ctx.executor().execute(() -> {
                    answered(ctx, request.path(), version, keepAlive,
                            done != null ? done : Answer.refusal(500, "internal error: " + failure.getClass().getSimpleName(), null));
                    answerWaiting(ctx);
                }));
            }
        }
    }

    private void answered(ChannelHandlerContext ctx, String path, HttpVersion version, boolean keepAlive, Answer answer) {
        endpoints.answered(path, answer.status());
        answering = false;
        if (!ctx.channel().isActive()) {
            return; // the client went away while its request waited; its answer has nowhere to go
        }
        if (keepAlive) {
            ctx.writeAndFlush(response(answer, version, true), ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response(answer, version, false)).addListener(ChannelFutureListener.CLOSE);
            releaseWaiting();
        }
    }

    /** A request line or headers that do not parse as HTTP/1.1: 400 (414/431 for the too long), and the connection closed. */
    private void refuseUnreadable(ChannelHandlerContext ctx, Throwable cause) {
        int status = 400;
        String message = "not a readable HTTP/1.1 request";
        if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
            status = 414;
            message = "the request line is too long";
        } else if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
            status = 431;
            message = "the request headers are too large";
        } else if (cause instanceof TooLongFrameException) {
            message = "a part of the request is too long";
        }
        Answer answer = endpoints.refuseBeforeRouting(null, status, Refusal.MALFORMED, message);
        ctx.writeAndFlush(response(answer, HttpVersion.HTTP_1_1, false)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (!answering && waiting.isEmpty()) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    private void releaseWaiting() {
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset connection, plain HTTP on the TLS port, a broken handshake: the client's trouble, not the gateway's.
        log.debug("connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    static FullHttpResponse response(Answer answer, HttpVersion version, boolean keepAlive) {
        // The gateway's own headers need no validation (a client's are validated by the codec).
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(answer.status()),
                Unpooled.wrappedBuffer(answer.body()), false);
        HttpHeaders headers = response.headers();
        if (answer.status() != 304) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        }
        if (answer.contentType() != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        if (answer.etag() != null) {
            headers.set(HttpHeaderNames.ETAG, answer.etag());
        }
        if (answer.retryAfter() != null) {
            headers.set(HttpHeaderNames.RETRY_AFTER, answer.retryAfter());
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        return response;
    }

    /** The path of a request target, without its query; an absolute-form target ({@code http://host/path}) loses its origin. */
    static String path(String uri) {
        String path = uri;
        int scheme = path.indexOf("://");
        if (scheme > 0 && scheme < path.indexOf('/')) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
