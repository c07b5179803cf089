package io.vigo.swarm.gateway.identity;

/**
 * At most {@code perSecond} requests per envoy on average, in bursts of up to {@code burst}: the
 * generic cell rate algorithm, whose whole state per envoy is one number, the moment its next
 * request is due (its "clock"). A request is let through unless that moment lies more than a
 * burst's worth of intervals ahead; each one let through moves it on by one interval.
 *
 * <p>The clock lives in the envoy's {@link KeyBook} entry, so a fleet of 100,000 envoys costs no
 * map of its own. Per gateway instance (gateways share nothing), so behind N gateways an envoy
 * gets at most N times the rate; the limit is there to stop a broken or hostile agent, not to
 * meter a fair one.
 */
public final class RateLimiter {

    /** Where an envoy's clock is kept; {@link #NEVER} until its first request. */
    interface Clock {
        long rateClock();

        boolean advanceRateClock(long expected, long next);
    }

    static final long NEVER = Long.MIN_VALUE;

    private final long intervalNanos;
    private final long toleranceNanos;

    public RateLimiter(double perSecond, int burst) {
        this.intervalNanos = (long) (1e9 / perSecond);
        this.toleranceNanos = (burst - 1) * intervalNanos;
    }

    /** 0 if the host's request may pass (and its clock moves on), else the whole seconds until it may. */
    public long admit(KeyBook.Host host, long nowNanos) {
        return admitOn(host, nowNanos);
    }

    long admitOn(Clock clock, long nowNanos) {
        while (true) {
            long due = clock.rateClock();
            long from = due == NEVER ? nowNanos : Math.max(due, nowNanos);
            long ahead = from - nowNanos;
            if (ahead > toleranceNanos) {
                return Math.max(1, (long) Math.ceil((ahead - toleranceNanos) / 1e9));
            }
            if (clock.advanceRateClock(due, from + intervalNanos)) {
                return 0;
            }
        }
    }
}
