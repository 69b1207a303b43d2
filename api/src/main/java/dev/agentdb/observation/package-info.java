/**
 * Observing the API's calls: {@link dev.agentdb.observation.OperationObserver} (the hook, with a
 * free default that observes nothing) and {@link dev.agentdb.observation.MicrometerObserver}
 * (Micrometer observations named {@code db.vector.client.operation}, for metrics and traces;
 * {@code micrometer-observation} is an optional dependency).
 */
package dev.agentdb.observation;
