package io.vigo.swarm.streams.history;

import io.vigo.swarm.streams.state.EnvoyState;
import io.vigo.swarm.streams.state.HostMoment;
import io.vigo.swarm.streams.state.InternalSerde;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One entry of {@link HostHistory} as stored: the envoy's version (if the row changed then) and
 * the rest of the moment, each encoded on its own, so that a peers page as of T, which reads one
 * version of every envoy, decodes the versions and never the records and timelines beside them
 * (decoding whole moments made that page two to three times slower at 100,000 envoys).
 *
 * <p>Bytes: a format byte, the envoy's length (-1: no version at this moment), the envoy, then
 * the rest; both parts in the internal serde's format. Reading from the store only wraps the bytes.
 */
public final class StoredMoment {

    private static final byte FORMAT = 1;
    private static final Serde<EnvoyState> ENVOY = InternalSerde.of(EnvoyState.class);
    private static final Serde<HostMoment> REST = InternalSerde.of(HostMoment.class);

    /** The store's serde: writing takes the bytes, reading wraps them; nothing is decoded until asked. */
    public static final Serde<StoredMoment> SERDE = Serdes.serdeFrom(
            (Serializer<StoredMoment>) (topic, moment) -> moment == null ? null : moment.bytes,
            (Deserializer<StoredMoment>) (topic, bytes) -> bytes == null ? null : new StoredMoment(bytes));

    private final byte[] bytes;

    private StoredMoment(byte[] bytes) {
        if (bytes.length < 1 + Integer.BYTES || bytes[0] != FORMAT) {
            throw new SerializationException("unknown format of a stored host moment");
        }
        this.bytes = bytes;
    }

    static StoredMoment of(EnvoyState envoy, HostMoment rest) {
        byte[] envoyBytes = envoy == null ? new byte[0] : ENVOY.serializer().serialize(null, envoy);
        byte[] restBytes = REST.serializer().serialize(null, rest);
        return new StoredMoment(ByteBuffer.allocate(1 + Integer.BYTES + envoyBytes.length + restBytes.length)
                .put(FORMAT).putInt(envoy == null ? -1 : envoyBytes.length).put(envoyBytes).put(restBytes).array());
    }

    static HostMoment emptyRest() {
        return new HostMoment(new ArrayList<>(), new ArrayList<>(), 0);
    }

    /** The envoy from this moment on; null when its row did not change at this moment. */
    public EnvoyState envoy() {
        int length = envoyLength();
        return length < 0 ? null : ENVOY.deserializer().deserialize(null, Arrays.copyOfRange(bytes, 1 + Integer.BYTES, 1 + Integer.BYTES + length));
    }

    /** Whether the envoy's row changed at this moment (a version is held), without decoding it. */
    public boolean hasEnvoy() {
        return envoyLength() >= 0;
    }

    /** The records that changed at this moment and the timeline's entries. */
    public HostMoment rest() {
        int from = 1 + Integer.BYTES + Math.max(0, envoyLength());
        return REST.deserializer().deserialize(null, Arrays.copyOfRange(bytes, from, bytes.length));
    }

    private int envoyLength() {
        return ByteBuffer.wrap(bytes, 1, Integer.BYTES).getInt();
    }
}
