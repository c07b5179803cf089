package io.vigo.swarm.api;

import java.time.Instant;

/**
 * What every answer of the API says about itself: when it was generated, whether every partition
 * of every store involved answered, and how many input records the views have yet to process.
 */
public interface Answer {

    Instant generatedAt();

    /** True only when every partition answered; a false answer is partial and the CLI exits 3. */
    boolean complete();

    /** Input records not yet folded into the views (consumer lag), or -1 when unknown. */
    long inputLagRecords();
}
