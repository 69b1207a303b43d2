/**
 * The MySQL/MariaDB adapter's internals: URL parsing, setup and server detection, error mapping,
 * the collection tables, and the index engine's storage interfaces over them. Not API: may change
 * in any release.
 */
package dev.agentdb.mysql.internal;
