package io.vigo.swarm.envoy.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.envoy.publish.EventSink;
import io.vigo.swarm.events.EnvoyCheckIn;
import io.vigo.swarm.events.ManifestRevoked;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {

    private static final Instant T0 = Instant.parse("2026-04-23T18:00:00Z");

    /** Every event the simulator sends, in order, with the virtual time it was sent at. */
    private static final class Recording implements EventSink {
        final List<String> lines = new ArrayList<>();
        final List<SpecificRecord> events = new ArrayList<>();
        long now;

        @Override
        public java.util.concurrent.Future<?> send(String key, SpecificRecord event) {
            lines.add(now + " " + key + " " + event);
            events.add(event);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public void flush() {
        }
    }

    private static Recording run(long seed, int envoys, int seconds) {
        Recording sink = new Recording();
        FleetSimulator simulator = new FleetSimulator(sink, envoys, seed, "vigoserver", Clock.fixed(T0, ZoneOffset.UTC));
        sink.now = T0.toEpochMilli();
        simulator.announce(sink.now);
        for (int s = 1; s <= seconds; s++) {
            sink.now = T0.toEpochMilli() + s * 1000L;
            simulator.tick(sink.now);
        }
        return sink;
    }

    @Test
    void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() {
        assertThat(run(42, 50, 60).lines).isEqualTo(run(42, 50, 60).lines);
        assertThat(run(42, 50, 60).lines).isNotEqualTo(run(43, 50, 60).lines);
    }

    @Test
    void someEnvoysGoSilentLongEnoughToTurnOfflineAndComeBack() {
        Recording sink = run(1, 200, 240);
        Map<String, List<Long>> checkIns = new HashMap<>();
        Map<String, Long> intervals = new HashMap<>();
        for (int i = 0; i < sink.events.size(); i++) {
            if (sink.events.get(i) instanceof EnvoyCheckIn checkIn) {
                checkIns.computeIfAbsent(checkIn.getHostname(), h -> new ArrayList<>()).add(checkIn.getAgentClock().toEpochMilli());
                intervals.put(checkIn.getHostname(), checkIn.getIntervalMs());
            }
        }
        long cameBack = checkIns.entrySet().stream().filter(e -> {
            List<Long> times = e.getValue();
            for (int i = 1; i < times.size(); i++) {
                if (times.get(i) - times.get(i - 1) > intervals.get(e.getKey()) * 5 / 2) {
                    return true;
                }
            }
            return false;
        }).count();
        assertThat(cameBack).isPositive();
        assertThat(sink.events).anyMatch(ManifestRevoked.class::isInstance);
    }
}
