package dev.agentdb.engine;

import dev.agentdb.AgentDBException;

/**
 * The part of a graph's restore and of a lazy load's fill that matches the records a storage streams
 * ({@link VectorRows}) to their live nodes: each record's embedding goes to its node ({@link #give}),
 * its row key is noted in the {@link NodeMap}, and the first problem (a record without a live node, a
 * vector the index refuses) becomes {@link #reason}, after which later records are ignored. One thread
 * at a time; {@code reason} may be read by another.
 */
abstract class RecordMatcher implements VectorRows.Sink {
    /** The ids' live nodes, whose row keys are set as records match. */
    final NodeMap nodes;
    /** The first problem found, or null. */
    volatile String reason;
    /** Records matched to a live node so far. */
    int matched;

    RecordMatcher(NodeMap nodes) {
        this.nodes = nodes;
    }

    /**
     * Gives a live node its record's embedding, one of the two arguments being null.
     *
     * @throws AgentDBException when the index refuses the vector
     */
    abstract void give(int node, float[] floats, byte[] littleEndian);

    @Override
    public final void row(long key, String id, float[] embedding) {
        match(key, id, embedding, null);
    }

    @Override
    public final void rowLittleEndian(long key, String id, byte[] embedding) {
        match(key, id, null, embedding);
    }

    /**
     * Matches one record, its embedding given as floats or as little-endian bytes (the other null).
     *
     * @param key the record's row key
     * @param id the record's id
     * @param floats the embedding, or null
     * @param littleEndian the embedding's little-endian float32 bytes, or null
     */
    final void match(long key, String id, float[] floats, byte[] littleEndian) {
        if (reason != null) {
            return;
        }
        int node = nodes.ordinal(id);
        if (node < 0) {
            reason = "record '" + id + "' has no live node";
            return;
        }
        try {
            give(node, floats, littleEndian);
        } catch (AgentDBException e) {
            reason = "the graph could not be restored: " + e.getMessage();
            return;
        }
        nodes.setKey(node, key);
        matched++;
    }
}
