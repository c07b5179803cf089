package io.vigo.swarm.streams.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * The key of a host's history at a moment, shared by the timeline and the envoy versions:
 * {@code hostname, 0x00, moment} (big-endian), so one host's entries sort by time and are read
 * with one range. Hostnames hold no 0x00, so one host's range holds no other host's keys.
 */
final class HostMoments {

    private HostMoments() {
    }

    static Bytes key(String host, long atMs) {
        byte[] name = host.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(name.length + 1 + Long.BYTES).put(name).put((byte) 0).putLong(Math.max(0, atMs)).array());
    }

    /** Whether the key is of no host: the entry that says when the history started. */
    static boolean isStart(byte[] key) {
        return key.length == 1 + Long.BYTES;
    }

    /** Whether two keys are of the same host, compared as bytes (null: no host yet). */
    static boolean sameHost(byte[] key, byte[] other) {
        return other != null && key.length == other.length
                && java.util.Arrays.equals(key, 0, key.length - Long.BYTES, other, 0, other.length - Long.BYTES);
    }

    static long moment(Bytes key) {
        byte[] bytes = key.get();
        return ByteBuffer.wrap(bytes, bytes.length - Long.BYTES, Long.BYTES).getLong();
    }
}
