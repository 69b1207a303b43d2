package dev.agentdb.hnsw;

/**
 * The versioned binary layout of one node's neighbour lists, for adapters that keep them in a
 * BLOB column. Layout, big-endian:
 * <pre>
 *   int32  MAGIC ("AGNL")
 *   uint16 FORMAT_VERSION
 *   uint16 layer count L (= level + 1), 1 to {@value HnswIndex#MAX_LEVEL} + 1
 *   L times: uint16 count, then count x int32 neighbour ordinals
 * </pre>
 * Encoding is {@link GraphCodecWriter}, decoding {@link GraphCodecReader}; the reader refuses an
 * unknown magic number or version with a message naming both. This class holds the constants and
 * shortcuts.
 */
public final class GraphCodec {
    /** Magic number at the start of every encoded list set: ASCII "AGNL". */
    public static final int MAGIC = 0x41474E4C;
    /** The format version this code writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Size in bytes of the header (magic, version, layer count). */
    public static final int HEADER_BYTES = 8;

    private GraphCodec() {
    }

    /**
     * @param neighbors {@code neighbors[layer]} for layers 0..level; not null
     * @return the encoded bytes
     * @see GraphCodecWriter#encode(int[][])
     */
    public static byte[] encode(int[][] neighbors) {
        return GraphCodecWriter.encode(neighbors);
    }

    /**
     * @param bytes bytes written by {@link #encode(int[][])}
     * @return {@code neighbors[layer]}
     * @see GraphCodecReader#decode(byte[])
     */
    public static int[][] decode(byte[] bytes) {
        return GraphCodecReader.decode(bytes);
    }
}
