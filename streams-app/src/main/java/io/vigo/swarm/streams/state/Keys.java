package io.vigo.swarm.streams.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Composite store keys. "host|sha" keys live in hostname-partitioned stores (found through the
 * hostname), "sha|host" keys in sha-partitioned ones. '|' never occurs in a hostname or a sha.
 */
public final class Keys {

    public static final char SEPARATOR = '|';

    private Keys() {
    }

    public static String pair(String first, String second) {
        return first + SEPARATOR + second;
    }

    /** The prefix of every pair key whose first part is {@code first}. */
    public static String prefix(String first) {
        return first + SEPARATOR;
    }

    public static String second(String pairKey) {
        return pairKey.substring(pairKey.indexOf(SEPARATOR) + 1);
    }

    public static String first(String pairKey) {
        return pairKey.substring(0, pairKey.indexOf(SEPARATOR));
    }

    /** Deadline-index key: big-endian deadline then hostname, so keys sort by deadline. */
    public static Bytes deadline(long deadlineMs, String hostname) {
        byte[] host = hostname.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + host.length).putLong(deadlineMs).put(host).array());
    }
}
