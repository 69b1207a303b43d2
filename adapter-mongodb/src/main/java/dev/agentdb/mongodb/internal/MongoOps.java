package dev.agentdb.mongodb.internal;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.AggregateIterable;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.UpdateResult;
import org.bson.conversions.Bson;

import java.util.List;

/**
 * The driver calls the adapter makes, each in the caller's {@link ClientSession} when it has one (an
 * API transaction in progress on this thread: the call then reads and writes inside it) and without
 * one otherwise, exactly as the plain call. Not API.
 */
public final class MongoOps {
    private MongoOps() {
    }

    /**
     * @param c a collection
     * @param s the current transaction's session, or null
     * @param query the query
     * @param <T> the document type
     * @return {@code find}, in the session when there is one
     */
    public static <T> FindIterable<T> find(MongoCollection<T> c, ClientSession s, Bson query) {
        return s == null ? c.find(query) : c.find(s, query);
    }

    /**
     * @param c a collection
     * @param s the current transaction's session, or null
     * @param query the query
     * @return {@code countDocuments}, in the session when there is one
     */
    public static long count(MongoCollection<?> c, ClientSession s, Bson query) {
        return s == null ? c.countDocuments(query) : c.countDocuments(s, query);
    }

    /**
     * @param c a collection
     * @param s the current transaction's session, or null
     * @param pipeline the pipeline
     * @param <T> the document type
     * @return {@code aggregate}, in the session when there is one
     */
    public static <T> AggregateIterable<T> aggregate(MongoCollection<T> c, ClientSession s, List<? extends Bson> pipeline) {
        return s == null ? c.aggregate(pipeline) : c.aggregate(s, pipeline);
    }

    /**
     * @param c a collection
     * @param s the current transaction's session, or null
     * @param query which documents
     * @return {@code deleteMany}, in the session when there is one
     */
    public static DeleteResult deleteMany(MongoCollection<?> c, ClientSession s, Bson query) {
        return s == null ? c.deleteMany(query) : c.deleteMany(s, query);
    }

    /**
     * @param c a collection
     * @param s the current transaction's session, or null
     * @param query which document
     * @return {@code deleteOne}, in the session when there is one
     */
    public static DeleteResult deleteOne(MongoCollection<?> c, ClientSession s, Bson query) {
        return s == null ? c.deleteOne(query) : c.deleteOne(s, query);
    }

    /**
     * @param c a collection
     * @param s the current transaction's session, or null
     * @param query which document
     * @param update the update
     * @param options the options
     * @return {@code updateOne}, in the session when there is one
     */
    public static UpdateResult updateOne(MongoCollection<?> c, ClientSession s, Bson query, Bson update, UpdateOptions options) {
        return s == null ? c.updateOne(query, update, options) : c.updateOne(s, query, update, options);
    }

    /**
     * @param c a collection
     * @param s the current transaction's session, or null
     * @param query which document
     * @param replacement the new document
     * @param options the options
     * @param <T> the document type
     * @return {@code replaceOne}, in the session when there is one
     */
    public static <T> UpdateResult replaceOne(MongoCollection<T> c, ClientSession s, Bson query, T replacement, ReplaceOptions options) {
        return s == null ? c.replaceOne(query, replacement, options) : c.replaceOne(s, query, replacement, options);
    }

    /**
     * @param c a collection
     * @param s the current transaction's session, or null
     * @param models the writes
     * @param <T> the document type
     * @return {@code bulkWrite}, in the session when there is one
     */
    public static <T> BulkWriteResult bulkWrite(MongoCollection<T> c, ClientSession s, List<? extends WriteModel<? extends T>> models) {
        return s == null ? c.bulkWrite(models) : c.bulkWrite(s, models);
    }

    /**
     * @param c a collection
     * @param s the current transaction's session, or null
     * @param query which document
     * @param update the update
     * @param options the options
     * @param <T> the document type
     * @return {@code findOneAndUpdate}, in the session when there is one
     */
    public static <T> T findOneAndUpdate(MongoCollection<T> c, ClientSession s, Bson query, Bson update, FindOneAndUpdateOptions options) {
        return s == null ? c.findOneAndUpdate(query, update, options) : c.findOneAndUpdate(s, query, update, options);
    }
}
