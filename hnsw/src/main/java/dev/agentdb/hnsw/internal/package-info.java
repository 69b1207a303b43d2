/** Primitive collections for the HNSW search path (packed heaps, visited sets). Not API. */
package dev.agentdb.hnsw.internal;
