/**
 * Internals of the D1 adapter: the REST client, parameter binding and limits, batches and their write guard,
 * the engine's storage over D1 tables, the schema scripts' runner. Not API.
 */
package dev.agentdb.d1.internal;
