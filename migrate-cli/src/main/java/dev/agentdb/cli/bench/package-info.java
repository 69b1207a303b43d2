/**
 * The ANN benchmark harness behind {@code agentdb bench} and {@code agentdb demo}: exact ground
 * truth by brute force (cached in a small versioned file), recall@k, and single-thread latency
 * percentiles and throughput per efSearch.
 */
package dev.agentdb.cli.bench;
