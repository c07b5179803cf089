package io.vigo.swarm.streams.query;

/**
 * A fleet-wide query answered partition by partition: every instance reads the partitions it
 * owns, the asking instance merges (see {@link Partials}). The argument and one partition's
 * result are records, sent between instances as JSON.
 *
 * @param name     the query's name in {@code /internal/v1/partials/<name>}
 * @param argument the argument's type ({@link NoArgument} for a query that takes none)
 * @param result   one partition's result type
 * @param read     one partition's result, or null when this instance cannot read that partition now
 */
public record PartialQuery<A, R>(String name, Class<A> argument, Class<R> result, PartitionRead<A, R> read) {

    /** One partition's result for an argument; null when the partition is not readable here. */
    @FunctionalInterface
    public interface PartitionRead<A, R> {
        R read(int partition, A argument);
    }

    /** The argument of a query that takes none. */
    public record NoArgument() {
        public static final NoArgument NONE = new NoArgument();
    }

    /** A query without an argument. */
    public static <R> PartialQuery<NoArgument, R> of(String name, Class<R> result, java.util.function.IntFunction<R> read) {
        return new PartialQuery<>(name, NoArgument.class, result, (partition, none) -> read.apply(partition));
    }
}
