package dev.agentdb;

/**
 * The result of a health probe.
 *
 * @param up whether the backend answered
 * @param backend the backend name, e.g. {@code "sqlite"}
 * @param latencyMs round-trip time of the probe in milliseconds
 * @param detail a short human-readable detail (version, error message); never null
 */
public record HealthStatus(boolean up, String backend, long latencyMs, String detail) {
}
