package dev.agentdb.mongodb.internal;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.agentdb.engine.NodeMap;
import dev.agentdb.engine.SearchReads;
import dev.agentdb.engine.StoredRow;
import dev.agentdb.engine.VectorRows;
import dev.agentdb.filter.Filter;
import dev.agentdb.mongodb.MongoFilterTranslator;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One search's reads of a collection. Result rows are read by id in one {@code find} whose query
 * applies the filter again: MongoDB reads and matches each document atomically, so every row returned
 * is one version of its document and matched the filter in that version, whatever writers do
 * meanwhile (the engine's contract, {@link SearchReads}). The rows of one {@code find} are not one
 * snapshot of the collection (MongoDB gives that only inside a snapshot session); the engine needs
 * none across rows. The rows {@link #fetch} returns are also tested with {@link Filter#test} on the
 * metadata read: cheap (k rows), and it keeps "every result matches its filter in the version
 * returned" on a server that does not match and read each document atomically (the stand-in's code
 * promises no such thing; the kit's flip test saw no violation). On a server whose string order
 * differs from MongoDB's, every document read for a filter is tested so
 * ({@link MongoFilterTranslator#exact}). Not thread-safe. Not API.
 */
public final class MongoSearchReads implements SearchReads {
    private final MongoCollection<Document> documents;
    private final MongoFilterTranslator filters;
    private final MongoErrors errors;
    private final ClientSession session;

    /**
     * @param documents the collection's documents
     * @param filters the filter translator for {@code metadata}
     * @param errors translates driver errors
     * @param session the transaction session the reads join (a search inside a transaction sees its writes), or null
     */
    public MongoSearchReads(MongoCollection<Document> documents, MongoFilterTranslator filters, MongoErrors errors, ClientSession session) {
        this.documents = documents;
        this.filters = filters;
        this.errors = errors;
        this.session = session;
    }

    private String name() {
        return documents.getNamespace().getCollectionName();
    }

    /** @return whether a document read for a filter matches it ({@link MongoFilterTranslator#exact}: tested in Java when not) */
    private static boolean matches(Filter filter, boolean check, Document d) {
        return !check || filter.test(MongoDocuments.metadataOf(d.get(MongoDocuments.METADATA)));
    }

    @Override
    public void matchingIds(Filter filter, Consumer<String> ids) {
        boolean check = !filters.exact(filter);
        errors.run("filter '" + name() + "'", () -> {
            for (Document d : MongoOps.find(documents, session, filters.translate(filter))
                    .projection(check ? Projections.include(MongoDocuments.METADATA) : Projections.include(MongoDocuments.ID))
                    .batchSize(5_000)) {
                if (matches(filter, check, d)) {
                    ids.accept(d.getString(MongoDocuments.ID));
                }
            }
            return null;
        });
    }

    @Override
    public List<StoredRow> fetch(String[] ids, long[] keys, int count, Filter filter, boolean withEmbeddings) {
        Bson byId = Filters.in(MongoDocuments.ID, Arrays.asList(ids).subList(0, count));
        Bson query = filter == null ? byId : Filters.and(byId, filters.translate(filter));
        Bson fields = withEmbeddings ? Projections.exclude(MongoDocuments.TIMESTAMP)
                : Projections.exclude(MongoDocuments.TIMESTAMP, MongoDocuments.EMBEDDING);
        List<StoredRow> out = new ArrayList<>(count);
        errors.run("read search hits of '" + name() + "'", () -> {
            for (Document d : MongoOps.find(documents, session, query).projection(fields)) {
                Map<String, Object> metadata = MongoDocuments.metadataOf(d.get(MongoDocuments.METADATA));
                if (filter != null && !filter.test(metadata)) {
                    continue; // see the class comment: the rows returned are tested again, whatever the server
                }
                out.add(StoredRow.ofMap(d.getString(MongoDocuments.ID),
                        withEmbeddings ? MongoDocuments.embeddingOf(d.get(MongoDocuments.EMBEDDING)) : null,
                        Collections.unmodifiableMap(metadata), d.getString(MongoDocuments.TEXT)));
            }
            return null;
        });
        return out;
    }

    @Override
    public void scan(Filter filter, int dimension, VectorRows.Sink sink) {
        boolean check = filter != null && !filters.exact(filter);
        errors.run("exact search of '" + name() + "'", () -> {
            for (Document d : MongoOps.find(documents, session, filters.translate(filter)).projection(check
                    ? Projections.include(MongoDocuments.EMBEDDING, MongoDocuments.METADATA)
                    : Projections.include(MongoDocuments.EMBEDDING)).batchSize(2_000)) {
                float[] v = MongoDocuments.embeddingOf(d.get(MongoDocuments.EMBEDDING));
                if (v != null && v.length == dimension && matches(filter, check, d)) {
                    sink.row(NodeMap.NO_KEY, d.getString(MongoDocuments.ID), v);
                }
            }
            return null;
        });
    }
}
