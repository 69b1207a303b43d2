package dev.agentdb.hnsw;

import dev.agentdb.InvalidInputException;

import java.nio.ByteBuffer;

/** Writes the {@link GraphCodec} layout, version {@value GraphCodec#FORMAT_VERSION}. Thread-safe (stateless). */
public final class GraphCodecWriter {
    private static final int MAX_COUNT = 0xFFFF;

    private GraphCodecWriter() {
    }

    /**
     * @param neighbors {@code neighbors[layer]} for layers 0..level (1 to {@value HnswIndex#MAX_LEVEL} + 1
     *                  layers, each at most 65,535 ordinals; a null layer is written as empty); not null
     * @return {@link GraphCodec#HEADER_BYTES} + sum over layers of {@code 2 + 4 * count} bytes
     * @throws InvalidInputException when there are no layers, too many layers or too many neighbours
     */
    public static byte[] encode(int[][] neighbors) {
        if (neighbors == null || neighbors.length == 0 || neighbors.length > HnswIndex.MAX_LEVEL + 1) {
            throw new InvalidInputException("neighbors", "must have 1 to " + (HnswIndex.MAX_LEVEL + 1) + " layers, had "
                    + (neighbors == null ? 0 : neighbors.length));
        }
        int bytes = GraphCodec.HEADER_BYTES;
        for (int layer = 0; layer < neighbors.length; layer++) {
            int count = neighbors[layer] == null ? 0 : neighbors[layer].length;
            if (count > MAX_COUNT) {
                throw new InvalidInputException("neighbors[" + layer + "]", "has " + count + " ordinals, more than " + MAX_COUNT);
            }
            bytes += 2 + 4 * count;
        }
        ByteBuffer out = ByteBuffer.allocate(bytes);
        out.putInt(GraphCodec.MAGIC);
        out.putShort((short) GraphCodec.FORMAT_VERSION);
        out.putShort((short) neighbors.length);
        for (int[] list : neighbors) {
            if (list == null) {
                out.putShort((short) 0);
                continue;
            }
            out.putShort((short) list.length);
            for (int node : list) {
                out.putInt(node);
            }
        }
        return out.array();
    }
}
