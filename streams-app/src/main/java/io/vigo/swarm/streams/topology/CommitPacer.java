package io.vigo.swarm.streams.topology;

import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Commits often while the app is live and seldom while it catches up.
 *
 * <p>Under exactly-once every commit ends a transaction: the producer's flush, the input offsets,
 * and a marker the broker writes into every partition the transaction touched. Queries read the
 * stores and never wait for a commit; what does wait are the readers of the app's own output
 * (the manifest side, the task side, the gateways' task marks, analytics): a record reaches them
 * when its transaction commits. So a live app commits every {@link #LIVE_EVERY_MS} and those hops
 * stay short, while an app reading a backlog (a rebuild, the hours after downtime, a fleet
 * returning at once) gains nothing from short transactions and pays for each: in the bench at
 * 100,000 envoys, the whole fleet coming back online at once was absorbed in 25–34 s with this
 * pacing against 154–193 s with commits every 100 ms (BENCHMARKS.md, "Commit pacing").
 *
 * <p>Kafka Streams commits every {@link #CATCHING_UP_EVERY_MS} ({@code commit.interval.ms}); each
 * processor built through {@link #paced} asks for a commit sooner, at most once per
 * {@link #LIVE_EVERY_MS} on its stream thread, whenever it processed a record less than
 * {@link #LIVE_WITHIN_MS} old (its record timestamp: broker time for check-ins). A commit request
 * commits every task of the thread, so the pacing is per thread, shared by all its processors.
 * What a wall-clock punctuation writes while no input arrives (the offline sweep's status
 * changes, expired tasks) is committed by the interval, within a second.
 */
public final class CommitPacer {

    /** Kafka Streams' own commit interval: how often an app that is catching up commits. */
    public static final long CATCHING_UP_EVERY_MS = 1_000;
    /** How often a live app commits. */
    public static final long LIVE_EVERY_MS = 100;
    /** A record this recent means the app is live (behind by less than this). */
    public static final long LIVE_WITHIN_MS = 1_000;

    private final LongSupplier clock;
    /** When a processor on each stream thread last asked for a commit. */
    private final ThreadLocal<long[]> lastAsked = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE / 2});

    public CommitPacer(LongSupplier clock) {
        this.clock = clock;
    }

    public static CommitPacer systemClock() {
        return new CommitPacer(System::currentTimeMillis);
    }

    /** {@code supplier}'s processors, each asking for commits as the pacing says after every record. */
    public <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> paced(ProcessorSupplier<KI, VI, KO, VO> supplier) {
        return () -> new Paced<>(supplier.get());
    }

    /** Asks {@code context} for a commit if the record just processed is live and none was asked on this thread lately. */
    void processed(ProcessorContext<?, ?> context, long recordTimestampMs) {
        long now = clock.getAsLong();
        if (now - recordTimestampMs > LIVE_WITHIN_MS) {
            return; // catching up: commit.interval.ms paces the commits
        }
        long[] asked = lastAsked.get();
        if (now - asked[0] >= LIVE_EVERY_MS) {
            context.commit();
            asked[0] = now;
        }
    }

    private final class Paced<KI, VI, KO, VO> implements Processor<KI, VI, KO, VO> {
        private final Processor<KI, VI, KO, VO> processor;
        private ProcessorContext<KO, VO> context;

        Paced(Processor<KI, VI, KO, VO> processor) {
            this.processor = processor;
        }

        @Override
        public void init(ProcessorContext<KO, VO> context) {
            this.context = context;
            processor.init(context);
        }

        @Override
        public void process(Record<KI, VI> record) {
            try {
                processor.process(record);
            } finally {
                processed(context, record.timestamp()); // a refused record moved the offsets too
            }
        }

        @Override
        public void close() {
            processor.close();
        }
    }
}
