/**
 * The entities of the kit's {@link dev.agentdb.compat.OrmContract}: one of every supported property
 * type, a corpus for the query-builder rows, small rows for streaming, and entities whose mapping must
 * be refused.
 */
package dev.agentdb.compat.orm;
