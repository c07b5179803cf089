package io.vigo.swarm.api;

/** The body of every error answer. */
public record ApiError(String message) {
}
