package io.vigo.swarm.streams.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

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

    /** The deadline a {@link #deadline} key starts with. */
    public static long deadlineOf(Bytes deadlineKey) {
        return ByteBuffer.wrap(deadlineKey.get()).getLong();
    }

    /** The values of the pair keys in {@code store} whose first part is {@code first}, by second part, in key order. */
    public static <V> Map<String, V> bySecond(KeyValueStore<String, V> store, String first) {
        Map<String, V> values = new LinkedHashMap<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix(first), new StringSerializer())) {
            it.forEachRemaining(entry -> values.put(second(entry.key), entry.value));
        }
        return values;
    }
}
