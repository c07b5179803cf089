package io.vigo.swarm.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class CommitPacerTest {

    private static final long NOW = 1_800_000_000_000L;

    private final AtomicLong clock = new AtomicLong(NOW);
    private final CommitPacer pacer = new CommitPacer(clock::get);

    /** A paced processor that does nothing, with the mock context that records its commit requests. */
    private record Node(Processor<String, String, Void, Void> processor, MockProcessorContext<Void, Void> context) {
        boolean asked(long timestampMs) {
            context.resetCommit();
            processor.process(new Record<>("alpha", "event", timestampMs));
            return context.committed();
        }
    }

    private Node node(Processor<String, String, Void, Void> inner) {
        Processor<String, String, Void, Void> processor = pacer.paced(() -> inner).get();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        processor.init(context);
        return new Node(processor, context);
    }

    private Node node() {
        return node(record -> { });
    }

    @Test
    void aLiveAppAsksForACommitAtMostOnceEveryHundredMilliseconds() {
        Node node = node();
        assertTrue(node.asked(NOW), "the first live record asks");
        clock.addAndGet(50);
        assertFalse(node.asked(clock.get()), "50 ms later: not yet");
        clock.addAndGet(CommitPacer.LIVE_EVERY_MS - 50);
        assertTrue(node.asked(clock.get()), "100 ms after the last request");
    }

    @Test
    void anAppReadingABacklogLeavesTheCommitsToTheCommitInterval() {
        Node node = node();
        assertFalse(node.asked(NOW - CommitPacer.LIVE_WITHIN_MS - 1), "a record older than a second is a backlog's");
        clock.addAndGet(10 * CommitPacer.LIVE_EVERY_MS);
        assertFalse(node.asked(NOW - 60_000));
        assertTrue(node.asked(clock.get() - CommitPacer.LIVE_WITHIN_MS), "a second old still counts as live");
    }

    @Test
    void theProcessorsOfOneStreamThreadSharePacingAndOtherThreadsPaceThemselves() throws Exception {
        Node envoys = node();
        Node manifest = node();
        assertTrue(envoys.asked(NOW));
        assertFalse(manifest.asked(NOW), "one request commits every task of the thread");

        var otherThread = Executors.newSingleThreadExecutor();
        try {
            Node elsewhere = CompletableFuture.supplyAsync(this::node, otherThread).get();
            assertTrue(CompletableFuture.supplyAsync(() -> elsewhere.asked(NOW), otherThread).get(), "another stream thread commits on its own");
        } finally {
            otherThread.shutdownNow();
        }
    }

    @Test
    void aRecordTheProcessorRefusesStillCountsAndItsErrorReachesKafkaStreams() {
        Node refusing = node(record -> {
            throw new IllegalStateException("refused");
        });
        refusing.context().resetCommit();
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> refusing.processor().process(new Record<>("alpha", "event", NOW)));
        assertEquals("refused", error.getMessage());
        assertTrue(refusing.context().committed(), "its offset moved too (the dead-letter handler continues)");
    }
}
