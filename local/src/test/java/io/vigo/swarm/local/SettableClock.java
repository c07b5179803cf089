package io.vigo.swarm.local;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The clock that stamps API answers, set by a test to the moment a golden file shows, or following the system clock. */
final class SettableClock extends Clock {

    private volatile Instant now;

    SettableClock(Instant now) {
        this.now = now;
    }

    void set(Instant instant) {
        now = instant;
    }

    /** Ticks with the system clock from now on (as-of answers refuse moments after the answer's own). */
    void followSystemClock() {
        now = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant set = now;
        return set == null ? Instant.now() : set;
    }
}
