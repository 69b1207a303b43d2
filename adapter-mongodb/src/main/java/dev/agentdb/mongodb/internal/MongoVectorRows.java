package dev.agentdb.mongodb.internal;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.agentdb.engine.NodeMap;
import dev.agentdb.engine.VectorRows;
import org.bson.Document;

/**
 * A collection's documents for the index engine: id and embedding of every document, in {@code _id}
 * order, read with a cursor (constant memory). Documents have no key besides the id
 * ({@link NodeMap#NO_KEY}). Not API.
 */
public final class MongoVectorRows implements VectorRows {
    private final MongoCollection<Document> documents;
    private final MongoErrors errors;
    private final ClientSession session;

    /**
     * @param documents the collection's documents
     * @param errors translates driver errors
     * @param session the transaction session the reads join, or null outside a transaction
     */
    public MongoVectorRows(MongoCollection<Document> documents, MongoErrors errors, ClientSession session) {
        this.documents = documents;
        this.errors = errors;
        this.session = session;
    }

    @Override
    public long scan(int dimension, Sink sink) {
        return errors.run("reading the vectors of '" + documents.getNamespace().getCollectionName() + "'", () -> {
            long skipped = 0;
            for (Document d : MongoOps.find(documents, session, new Document()).projection(Projections.include(MongoDocuments.EMBEDDING))
                    .sort(Sorts.ascending(MongoDocuments.ID)).batchSize(2_000)) {
                float[] v = MongoDocuments.embeddingOf(d.get(MongoDocuments.EMBEDDING));
                if (v == null || v.length != dimension) {
                    skipped++;
                    continue;
                }
                sink.row(NodeMap.NO_KEY, d.getString(MongoDocuments.ID), v);
            }
            return skipped;
        });
    }
}
