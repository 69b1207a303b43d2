package dev.agentdb.compat.orm;

/** An enum property, stored by name. */
public enum Kind {
    /** first */
    ALPHA,
    /** second */
    BETA,
    /** third */
    GAMMA
}
