package io.vigo.swarm.envoy.cache;

/** What one cleanup sweep removed and how many operations failed. */
public record CleanupResult(int danglingSymlinks, int stalePartials, int errors) {

    /** The line the agent prints and reports as the task's result, exactly as operators expect it. */
    public String line() {
        return "swarm cleanup: dangling_symlinks=" + danglingSymlinks + " stale_partials=" + stalePartials + " errors=" + errors;
    }

    /** The task result: done without errors, else failed (with the same line). */
    public boolean done() {
        return errors == 0;
    }
}
