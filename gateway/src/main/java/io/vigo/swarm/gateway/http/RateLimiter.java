package io.vigo.swarm.gateway.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per envoy: {@code perSecond} requests on average, bursts of up to {@code burst}.
 * Per gateway instance (gateways share nothing), so behind N gateways an envoy gets at most N
 * times the rate; the limit is there to stop a broken or hostile agent, not to meter a fair one.
 */
final class RateLimiter {

    private static final class Bucket {
        double tokens;
        long refilledAtNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAtNanos = now;
        }
    }

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** 0 if the request may pass (a token is taken), else the seconds until the next token. */
    long admit(String envoy) {
        long now = nanoTime.getAsLong();
        long[] wait = {0};
        buckets.compute(envoy, (host, bucket) -> {
            Bucket b = bucket == null ? new Bucket(burst, now) : bucket;
            b.tokens = Math.min(burst, b.tokens + (now - b.refilledAtNanos) / 1e9 * perSecond);
            b.refilledAtNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
            } else {
                wait[0] = Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
            }
            return b;
        });
        return wait[0];
    }

    /** Forgets buckets that have been full for a while, so the map holds the envoys active lately, not every envoy ever seen. */
    void forgetIdle() {
        long now = nanoTime.getAsLong();
        double refillNanos = burst / perSecond * 1e9;
        buckets.entrySet().removeIf(e -> now - e.getValue().refilledAtNanos > refillNanos);
    }

    int tracked() {
        return buckets.size();
    }
}
