/**
 * Distance kernels over flat float arrays: {@link dev.agentdb.hnsw.vector.VectorOps}, a scalar
 * implementation and a Vector API ({@code jdk.incubator.vector}) implementation chosen once at
 * start-up by {@link dev.agentdb.hnsw.vector.VectorOpsProvider}.
 */
package dev.agentdb.hnsw.vector;
