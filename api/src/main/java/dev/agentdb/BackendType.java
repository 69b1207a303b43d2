package dev.agentdb;

/** The database families AgentDB has adapters for (or plans to). */
public enum BackendType {
    /** Embedded SQLite file or in-memory database; the reference adapter. */
    SQLITE,
    /** PostgreSQL with the pgvector extension. */
    POSTGRES,
    /** MySQL 8/9 and MariaDB. */
    MYSQL,
    /** MongoDB. */
    MONGODB,
    /** Cloudflare D1 over its REST API. */
    D1,
    /** Any other backend supplied by a third-party adapter. */
    OTHER
}
