package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The stored data the bad-input corpus runs against, with what it must stay: the collection
 * {@value #COLLECTION} ({@link FilterCases#corpus()} and generated storable records), the default
 * collection with one record, and a checksum of everything stored (every collection's spec, every
 * record's id, embedding bits, canonical metadata, text and timestamp).
 */
final class CorpusWorld {
    /** The reference collection. */
    static final String COLLECTION = "corpus";
    /** Its dimension. */
    static final int DIMENSION = FilterCases.DIMENSION;
    /** Generated records it holds beside {@link FilterCases#corpus()}, ids {@code r000} on. */
    static final int GENERATED = 28;

    private final AgentDB db;
    private final VectorCollection corpus;
    private final Map<String, Map<String, Object>> metadata = new LinkedHashMap<>();
    private final String checksum;

    /**
     * Stores the reference data.
     *
     * @param db an empty database
     * @param generated {@value #GENERATED} storable metadata for the records beyond the fixed corpus
     */
    CorpusWorld(AgentDB db, List<GeneratedMetadata> generated) {
        if (generated.size() != GENERATED) {
            throw new IllegalArgumentException("expected " + GENERATED + " generated metadata, got " + generated.size());
        }
        this.db = db;
        this.corpus = db.createCollection(COLLECTION, CollectionSpec.of(DIMENSION, Metric.COSINE));
        List<VectorRecord> records = new ArrayList<>(FilterCases.corpus());
        float[][] vectors = TestVectors.uniform(generated.size(), DIMENSION, 77);
        for (int i = 0; i < generated.size(); i++) {
            records.add(new VectorRecord(TestVectors.id(i, 3), vectors[i], generated.get(i).metadata(), "t" + i, 1_000L + i));
        }
        corpus.insertBatch(records);
        for (VectorRecord r : records) {
            metadata.put(r.id(), r.metadata());
        }
        db.defaultCollection().insert(VectorRecord.of("v1", TestVectors.vec(1, 2), Map.of("legacy", true)));
        this.checksum = checksum();
    }

    /**
     * @param id an id
     * @return whether a record of the reference collection has it
     */
    static boolean isReference(String id) {
        return FilterCases.metadata().containsKey(id) || id.matches("r0[0-9][0-9]") && Integer.parseInt(id.substring(1)) < GENERATED;
    }

    /** @return the database */
    AgentDB db() {
        return db;
    }

    /** @return the reference collection */
    VectorCollection corpus() {
        return corpus;
    }

    /** @return the ids of the reference records */
    java.util.Set<String> ids() {
        return metadata.keySet();
    }

    /**
     * @param filter a filter
     * @return the reference ids whose metadata it matches, by the oracle {@link Filter#test}
     */
    TreeSet<String> matching(Filter filter) {
        TreeSet<String> out = new TreeSet<>();
        metadata.forEach((id, m) -> {
            if (filter.test(m)) {
                out.add(id);
            }
        });
        return out;
    }

    /** Deletes every record and collection an input added (after a failed input, which may not have cleaned up). */
    void restore() {
        for (CollectionInfo c : db.listCollections()) {
            if (!c.name().equals(COLLECTION) && !c.name().equals(AgentDB.DEFAULT_COLLECTION)) {
                db.dropCollection(c.name());
            }
        }
        for (VectorRecord r : Records.scanAll(corpus)) {
            if (!metadata.containsKey(r.id())) {
                corpus.delete(r.id());
            }
        }
    }

    /** @return whether everything stored is exactly as it was after setting up */
    boolean unchanged() {
        return checksum.equals(checksum());
    }

    /** @return the checksum of everything stored now ({@link Records#checksum}) */
    String checksum() {
        return Records.checksum(db);
    }
}
