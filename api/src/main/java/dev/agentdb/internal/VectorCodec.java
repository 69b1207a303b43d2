package dev.agentdb.internal;

import dev.agentdb.AgentDBException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes embeddings as raw little-endian IEEE-754 float32, the AgentDB v1 BLOB layout shared by
 * SQLite, MySQL and D1. Not API.
 */
public final class VectorCodec {
    private VectorCodec() {
    }

    /**
     * @param v the vector, {@code float[n]}
     * @return {@code 4 * n} bytes, little-endian
     */
    public static byte[] encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /**
     * @param bytes a BLOB of {@code 4 * n} bytes
     * @return {@code float[n]}
     * @throws AgentDBException when the length is not a multiple of 4 (a corrupt row)
     */
    public static float[] decode(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new AgentDBException("stored embedding has " + bytes.length + " bytes, not a multiple of 4");
        }
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    /**
     * Decodes into an existing array, so that a scan over many rows allocates no vector per row.
     *
     * @param bytes a BLOB of exactly {@code 4 * into.length} bytes
     * @param into receives the components
     * @return {@code into}
     * @throws AgentDBException when the length is not {@code 4 * into.length} (a corrupt row)
     */
    public static float[] decode(byte[] bytes, float[] into) {
        if (bytes.length != into.length * Float.BYTES) {
            throw new AgentDBException("stored embedding has " + bytes.length + " bytes, expected " + into.length * Float.BYTES);
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into);
        return into;
    }

    /**
     * @param v a vector
     * @return its Euclidean norm, accumulated in double (the v1 {@code norm} column)
     */
    public static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
