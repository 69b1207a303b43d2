package dev.agentdb.hnsw;

import dev.agentdb.AgentDBException;

import java.nio.ByteBuffer;

/**
 * Reads the {@link GraphCodec} layout. Refuses anything but version {@value GraphCodec#FORMAT_VERSION}:
 * a newer file must be read by newer code, never guessed at. Thread-safe (stateless).
 */
public final class GraphCodecReader {
    private GraphCodecReader() {
    }

    /**
     * @param bytes an encoded neighbour-list set; not null
     * @return {@code neighbors[layer]} for layers 0..level
     * @throws AgentDBException when the magic number is wrong, the version is unknown, or the bytes
     *         are truncated or have trailing garbage; the message names what was found
     */
    public static int[][] decode(byte[] bytes) {
        if (bytes == null || bytes.length < GraphCodec.HEADER_BYTES) {
            throw new AgentDBException("HNSW neighbour lists: " + (bytes == null ? "null" : bytes.length + " bytes")
                    + " is shorter than the " + GraphCodec.HEADER_BYTES + "-byte header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int magic = in.getInt();
        if (magic != GraphCodec.MAGIC) {
            throw new AgentDBException(String.format("HNSW neighbour lists: bad magic number 0x%08X, expected 0x%08X",
                    magic, GraphCodec.MAGIC));
        }
        int version = Short.toUnsignedInt(in.getShort());
        if (version != GraphCodec.FORMAT_VERSION) {
            throw new AgentDBException("HNSW neighbour lists: unsupported format version " + version
                    + "; this reader supports version " + GraphCodec.FORMAT_VERSION + " only");
        }
        int layers = Short.toUnsignedInt(in.getShort());
        if (layers < 1 || layers > HnswIndex.MAX_LEVEL + 1) {
            throw new AgentDBException("HNSW neighbour lists: layer count " + layers + " is outside 1 to " + (HnswIndex.MAX_LEVEL + 1));
        }
        int[][] out = new int[layers][];
        for (int layer = 0; layer < layers; layer++) {
            if (in.remaining() < 2) {
                throw new AgentDBException("HNSW neighbour lists: truncated before layer " + layer);
            }
            int count = Short.toUnsignedInt(in.getShort());
            if (in.remaining() < 4 * count) {
                throw new AgentDBException("HNSW neighbour lists: layer " + layer + " claims " + count
                        + " ordinals but only " + in.remaining() + " bytes remain");
            }
            int[] list = new int[count];
            for (int i = 0; i < count; i++) {
                list[i] = in.getInt();
            }
            out[layer] = list;
        }
        if (in.hasRemaining()) {
            throw new AgentDBException("HNSW neighbour lists: " + in.remaining() + " unexpected trailing bytes");
        }
        return out;
    }
}
