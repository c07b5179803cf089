package io.vigo.swarm.streams.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store keyed by {@link Keys#deadline} (big-endian time first), walked in key order by a
 * punctuator: only the entries that are due are read, however large the index.
 */
public final class DeadlineIndex {

    private DeadlineIndex() {
    }

    /** Removes and returns every entry due by {@code now}, earliest first. */
    public static List<KeyValue<Bytes, String>> takeDue(KeyValueStore<Bytes, String> index, long now) {
        List<KeyValue<Bytes, String>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, String> it = index.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, String> entry = it.next();
                if (Keys.deadlineOf(entry.key) > now) {
                    break;
                }
                due.add(entry);
            }
        }
        due.forEach(entry -> index.delete(entry.key));
        return due;
    }
}
