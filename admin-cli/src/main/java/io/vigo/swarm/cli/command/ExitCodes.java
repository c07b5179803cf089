package io.vigo.swarm.cli.command;

import io.vigo.swarm.api.ApiException;
import picocli.CommandLine;

/**
 * vigocli's exit codes, and which one each kind of error ends a run with: 0 ok; 1 failure;
 * 2 usage error; 3 unavailable or partial (retryable, so scripts may try again).
 *
 * <p>A class rather than a lambda: picocli's handler interfaces are compiled for Java 5, and a
 * lambda implementing one keeps it out of the CLI's class-data archive.
 */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {

    public static final int OK = CommandLine.ExitCode.OK;
    public static final int FAILURE = 1;
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    public static final int UNAVAILABLE = 3;

    @Override
    public int getExitCode(Throwable error) {
        if (error instanceof UsageException) {
            return USAGE;
        }
        if (error instanceof ApiException api) {
            return api.retryable() ? UNAVAILABLE : (api.status() == 400 ? USAGE : FAILURE);
        }
        return FAILURE;
    }
}
