/**
 * The MongoDB adapter's internals: URL parsing, the document codec, the index engine's storage
 * interfaces over side collections, the registry, state stores and schema history. Not API: may
 * change in any release.
 */
package dev.agentdb.mongodb.internal;
