package io.vigo.swarm.gateway.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import io.vigo.swarm.gateway.http.EnvoyEndpoints.Refusal;
import io.vigo.swarm.gateway.http.Exchange.Answer;

/**
 * Collects a request's body up to the limit, and refuses a larger one with the protocol's 413
 * {@code {"message"}} (Netty's own aggregator answers an empty 413): at once when the declared
 * length is too large, else as soon as the body outgrows it.
 */
final class BoundedBodies extends HttpObjectAggregator {

    private final EnvoyEndpoints endpoints;
    private final int maxBodyBytes;

    BoundedBodies(EnvoyEndpoints endpoints, int maxBodyBytes) {
        super(maxBodyBytes);
        this.endpoints = endpoints;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** An {@code Expect: 100-continue} the gateway will not meet gets the protocol's refusal instead of an empty one. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse refused && refused.status().code() >= 400) {
            int status = refused.status().code();
            ReferenceCountUtil.release(response);
            String path = start instanceof HttpRequest request ? HttpConnection.path(request.uri()) : null;
            Answer answer = status == 413 ? tooLarge(path) : endpoints.refuseBeforeRouting(path, status, Refusal.MALFORMED, "unsupported Expect header");
            return HttpConnection.response(answer, start.protocolVersion(), true);
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest request)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        // A body already partly read cannot be told from the next request: close. Otherwise the rest is
        // skipped and the connection kept, as a client still sending its body reads the answer after it.
        boolean close = oversized instanceof FullHttpMessage || !HttpUtil.is100ContinueExpected(request) && !HttpUtil.isKeepAlive(request);
        var written = ctx.writeAndFlush(HttpConnection.response(tooLarge(HttpConnection.path(request.uri())), request.protocolVersion(), !close));
        written.addListener(close ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private Answer tooLarge(String path) {
        return endpoints.refuseBeforeRouting(path, 413, Refusal.TOO_LARGE, "request body larger than " + maxBodyBytes + " bytes");
    }
}
