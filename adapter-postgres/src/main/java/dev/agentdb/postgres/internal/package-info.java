/** Internals of the PostgreSQL adapter (URL parsing, encodings, COPY); not API, may change in any release. */
package dev.agentdb.postgres.internal;
