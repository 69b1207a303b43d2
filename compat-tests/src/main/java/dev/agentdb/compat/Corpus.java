package dev.agentdb.compat;

import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Deterministic vectors inserted into a collection, kept in memory beside it so a test can compute
 * the exact answers ({@link TestVectors#exactNearest}). Made by
 * {@link CompatFixture#insertCorpus(String, dev.agentdb.CollectionSpec, float[][])}.
 */
public final class Corpus {
    /** Records per insert batch. */
    public static final int BATCH = 500;

    /** The collection the vectors were inserted into. */
    public final VectorCollection collection;
    /** The ids, in insertion order ({@code r0000}, {@code r0001}, ...). */
    public final List<String> ids;
    /** The vectors, same order as {@link #ids}. */
    public final float[][] vectors;

    /**
     * @param collection the collection holding the records
     * @param ids their ids
     * @param vectors their vectors, same order as {@code ids}
     */
    public Corpus(VectorCollection collection, List<String> ids, float[][] vectors) {
        this.collection = collection;
        this.ids = ids;
        this.vectors = vectors;
    }

    /**
     * Inserts vectors with ids {@code r0000, r0001, ...} in batches of {@value #BATCH}.
     *
     * @param collection an existing collection of the vectors' dimension
     * @param vectors the vectors
     * @param metadata the metadata of the record at each index
     * @return the corpus
     */
    public static Corpus insert(VectorCollection collection, float[][] vectors, IntFunction<Map<String, Object>> metadata) {
        List<String> ids = new ArrayList<>(vectors.length);
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            String id = TestVectors.id(i, 4);
            ids.add(id);
            batch.add(VectorRecord.of(id, vectors[i], metadata.apply(i)));
            if (batch.size() == BATCH || i == vectors.length - 1) {
                collection.insertBatch(batch);
                batch = new ArrayList<>();
            }
        }
        return new Corpus(collection, ids, vectors);
    }

    /**
     * @param i a record's index
     * @return the default metadata {@code {"i": i, "bucket": i % 50}} (integers as {@code Long})
     */
    public static Map<String, Object> defaultMetadata(int i) {
        return Map.of("i", (long) i, "bucket", (long) (i % 50));
    }

    /**
     * @param id a corpus id
     * @return its vector
     */
    public float[] vector(String id) {
        return vectors[ids.indexOf(id)];
    }

    /**
     * @param other another handle on the same collection (after a reopen, say)
     * @return this corpus read through that handle
     */
    public Corpus on(VectorCollection other) {
        return new Corpus(other, ids, vectors);
    }
}
