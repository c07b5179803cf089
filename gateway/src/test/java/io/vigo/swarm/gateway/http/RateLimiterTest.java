package io.vigo.swarm.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(2.0, 3, now::get);

    @Test
    void letsABurstThroughThenAsksToWaitUntilTheNextToken() {
        assertThat(limiter.admit("danlap")).isZero();
        assertThat(limiter.admit("danlap")).isZero();
        assertThat(limiter.admit("danlap")).isZero();
        assertThat(limiter.admit("danlap")).as("the fourth at once").isEqualTo(1);
        assertThat(limiter.admit("annlap")).as("another envoy has its own bucket").isZero();
        now.addAndGet(500_000_000L); // half a second: one token at 2 per second
        assertThat(limiter.admit("danlap")).isZero();
        assertThat(limiter.admit("danlap")).isEqualTo(1);
    }

    @Test
    void forgetsEnvoysWhoseBucketIsFullAgain() {
        limiter.admit("danlap");
        limiter.admit("annlap");
        now.addAndGet(1_000_000_000L);
        limiter.admit("annlap");
        now.addAndGet(1_000_000_000L); // danlap idle for 2 s: full after 1.5 s
        limiter.forgetIdle();
        assertThat(limiter.tracked()).isEqualTo(1);
    }
}
