/**
 * Implementation of the SQLite adapter: connections, schema, table shapes, graph persistence.
 * Not API: anything here may change in any release.
 */
package dev.agentdb.sqlite.internal;
