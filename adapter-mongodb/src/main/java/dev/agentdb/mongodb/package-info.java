/**
 * The MongoDB adapter: {@link dev.agentdb.mongodb.MongoAdapter}, found by
 * {@link dev.agentdb.mongodb.MongoAdapterProvider} for {@code mongodb://} and {@code mongodb+srv://}
 * URLs; {@link dev.agentdb.mongodb.MongoFilterTranslator} turns filters into BSON queries.
 */
package dev.agentdb.mongodb;
