package io.vigo.swarm.local;

import java.time.Instant;
import org.apache.kafka.common.utils.Time;

/** The system's time moved by a constant offset: real durations, a chosen "now" to start from. */
final class ShiftedTime implements Time {

    private final long offsetMs;

    private ShiftedTime(long offsetMs) {
        this.offsetMs = offsetMs;
    }

    static ShiftedTime startingAt(Instant start) {
        return new ShiftedTime(start.toEpochMilli() - System.currentTimeMillis());
    }

    @Override
    public long milliseconds() {
        return System.currentTimeMillis() + offsetMs;
    }

    @Override
    public long nanoseconds() {
        return System.nanoTime();
    }

    @Override
    public void sleep(long ms) {
        Time.SYSTEM.sleep(ms);
    }
}
