package io.vigo.swarm.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The app's own format: a version byte, then the record; what is written reads back equal, whatever was encoded before it. */
class InternalSerdeTest {

    private final Serde<EnvoyState> envoys = InternalSerde.of(EnvoyState.class);
    private final Serde<HostMoment> moments = InternalSerde.of(HostMoment.class);

    private static EnvoyState envoy(String host) {
        return EnvoyState.newBuilder().setHostname(host).setKnown(true).setOnline(true).setLastSeenMs(1_700_000_000_000L)
                .setIntervalMs(15_000).setAgentVersion("0.34.1").setSwarmEnabled(true).setClockSkewMs(-12)
                .setCheckInEpoch(3).setCheckInSequence(55).setDeadlineMs(1_700_000_037_500L)
                .setTags(new TreeMap<>(Map.of("rack", "r1", "team", "ops"))).build();
    }

    private static HostMoment moment(int records) {
        List<RecordChange> changes = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            changes.add(new RecordChange(RecordKind.PEER, String.format("%064x", i), i % 3 == 0 ? null : new PeerHolding(i % 2 == 0, 1_000L * i)));
        }
        return new HostMoment(changes, List.of(new TimelineEntry("cached", "sha", "")), 2);
    }

    @Test
    void recordsWithMapsAndUnionsReadBackEqual() {
        byte[] bytes = envoys.serializer().serialize(null, envoy("danlap"));
        assertThat(bytes[0]).isEqualTo(InternalSerde.VERSION);
        assertThat(envoys.deserializer().deserialize(null, bytes)).isEqualTo(envoy("danlap"));
        assertThat(moments.deserializer().deserialize(null, moments.serializer().serialize(null, moment(10)))).isEqualTo(moment(10));
    }

    @Test
    void aLargeValueThenASmallOneOnTheSameThreadEachReadBackWhole() {
        HostMoment large = moment(3_000); // well past the buffer a thread keeps
        byte[] largeBytes = moments.serializer().serialize(null, large);
        byte[] smallBytes = envoys.serializer().serialize(null, envoy("annlap"));
        byte[] againBytes = envoys.serializer().serialize(null, envoy("bob"));

        assertThat(largeBytes.length).isGreaterThan(64 * 1024);
        assertThat(moments.deserializer().deserialize(null, largeBytes)).isEqualTo(large);
        assertThat(envoys.deserializer().deserialize(null, smallBytes)).isEqualTo(envoy("annlap"));
        assertThat(envoys.deserializer().deserialize(null, againBytes)).isEqualTo(envoy("bob"));
    }

    @Test
    void anotherFormatVersionIsRefusedByName() {
        byte[] bytes = envoys.serializer().serialize(null, envoy("danlap"));
        bytes[0] = 9;
        assertThatThrownBy(() -> envoys.deserializer().deserialize(null, bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 9").hasMessageContaining("EnvoyState");
    }
}
