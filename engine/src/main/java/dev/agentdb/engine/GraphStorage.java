package dev.agentdb.engine;

import java.util.Arrays;
import java.util.Map;

/**
 * Where a backend persists one collection's HNSW graph: SQL tables ({@code hnsw_graph},
 * {@code hnsw_tombstones}, {@code hnsw_metadata} on SQLite), documents, or anything else that can hold
 * a header and one record per node. The engine owns the encodings (neighbour lists by
 * {@link dev.agentdb.hnsw.GraphCodec}, vectors as little-endian float32); a storage only keeps bytes.
 *
 * <p>An instance is bound to the backend's current transaction or read view: every call the
 * engine makes through it reads or writes in that transaction, so the graph commits (or rolls back)
 * with the records. Not thread-safe; one instance per transaction.
 */
public interface GraphStorage {

    /**
     * Reads the header of the collection's graph: the keys of {@link GraphHeader}.
     *
     * @return key to value; empty when the collection has no persisted graph
     */
    Map<String, String> readHeader();

    /**
     * Streams every persisted node of the collection in ascending ordinal order.
     *
     * @param sink receives each node
     */
    void readNodes(NodeSink sink);

    /**
     * Writes header entries, replacing those keys and keeping the others.
     *
     * @param entries key to value; not null
     */
    void writeHeader(Map<String, String> entries);

    /**
     * Inserts or replaces one node.
     *
     * @param node the ordinal, 0 or more
     * @param id the record id the node was created for; not null
     * @param level the node's top layer, 0 to {@link dev.agentdb.hnsw.HnswIndex#MAX_LEVEL}
     * @param deleted whether the node is a tombstone
     * @param tombstoneVector for a tombstone, its vector as little-endian float32 (its record is
     *                        gone, but searches still traverse it); null for a live node, whose
     *                        vector is its record's embedding. A storage keeps a tombstone's vector
     *                        when it is replaced again with null
     * @param neighbors all its layers' neighbour lists, encoded by {@link dev.agentdb.hnsw.GraphCodec}; not null
     */
    void writeNode(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors);

    /** Deletes the collection's whole graph: header and nodes. */
    void clear();

    /** Receives persisted nodes. */
    @FunctionalInterface
    interface NodeSink {
        /**
         * @param node the ordinal
         * @param id the record id
         * @param level the node's top layer
         * @param deleted whether it is a tombstone
         * @param tombstoneVector a tombstone's vector (little-endian float32), else null
         * @param neighbors the encoded neighbour lists, or null when the storage has none for the node
         */
        void node(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] neighbors);

        /**
         * A hint, before the first node: about how many nodes follow (a storage that knows it
         * cheaply; the receiver sizes its maps once). By default, ignored.
         *
         * @param nodes the expected number of nodes, 0 or more
         */
        default void expect(int nodes) {
        }

        /**
         * Like {@link #node(int, String, int, boolean, byte[], byte[])} with the encoded neighbour
         * lists a slice of a larger array (a storage that reads many nodes in one value passes it
         * without copying each node's part); the engine's loader decodes them in place. By default,
         * the slice is copied and passed to the other method.
         *
         * @param node the ordinal
         * @param id the record id
         * @param level the node's top layer
         * @param deleted whether it is a tombstone
         * @param tombstoneVector a tombstone's vector (little-endian float32), else null
         * @param encoded holds the encoded neighbour lists; not null; the receiver may keep a
         *                reference, so the storage must not change it afterwards
         * @param offset where the lists start in {@code encoded}
         * @param length their length in bytes
         */
        default void node(int node, String id, int level, boolean deleted, byte[] tombstoneVector, byte[] encoded, int offset,
                          int length) {
            node(node, id, level, deleted, tombstoneVector, Arrays.copyOfRange(encoded, offset, offset + length));
        }
    }
}
