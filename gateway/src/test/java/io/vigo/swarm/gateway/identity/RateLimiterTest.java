package io.vigo.swarm.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** An envoy's clock as a KeyBook entry keeps it. */
    private static final class Envoy implements RateLimiter.Clock {
        private final AtomicLong clock = new AtomicLong(RateLimiter.NEVER);

        @Override
        public long rateClock() {
            return clock.get();
        }

        @Override
        public boolean advanceRateClock(long expected, long next) {
            return clock.compareAndSet(expected, next);
        }
    }

    private final RateLimiter limiter = new RateLimiter(2.0, 3);
    private final Envoy danlap = new Envoy();
    private final Envoy annlap = new Envoy();
    private long now = -5_000_000_000L; // System.nanoTime() may be negative

    @Test
    void letsABurstThroughThenAsksToWaitUntilTheNextInterval() {
        assertThat(limiter.admitOn(danlap, now)).isZero();
        assertThat(limiter.admitOn(danlap, now)).isZero();
        assertThat(limiter.admitOn(danlap, now)).isZero();
        assertThat(limiter.admitOn(danlap, now)).as("the fourth at once").isEqualTo(1);
        assertThat(limiter.admitOn(annlap, now)).as("another envoy has its own clock").isZero();
        now += 500_000_000L; // half a second: one more at 2 per second
        assertThat(limiter.admitOn(danlap, now)).isZero();
        assertThat(limiter.admitOn(danlap, now)).isEqualTo(1);
    }

    @Test
    void anEnvoyQuietForAWhileHasItsWholeBurstAgainButNoMore() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admitOn(danlap, now)).isZero();
        }
        now += 10_000_000_000L;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admitOn(danlap, now)).as("request %d after ten quiet seconds", i + 1).isZero();
        }
        assertThat(limiter.admitOn(danlap, now)).as("a quiet spell does not save up more than the burst").isEqualTo(1);
    }

    @Test
    void theWaitItAsksForIsWhenTheNextRequestPasses() {
        RateLimiter slow = new RateLimiter(0.5, 2); // one every 2 s, two at once
        assertThat(slow.admitOn(danlap, now)).isZero();
        assertThat(slow.admitOn(danlap, now)).isZero();
        long wait = slow.admitOn(danlap, now);
        assertThat(wait).isEqualTo(2);
        assertThat(slow.admitOn(danlap, now + wait * 1_000_000_000L - 1)).as("a moment before").isPositive();
        assertThat(slow.admitOn(danlap, now + wait * 1_000_000_000L)).isZero();
    }
}
