package dev.agentdb.hnsw.vector;

/**
 * Distance kernels over float vectors stored at offsets in flat arrays, so that an index can keep
 * many vectors in one {@code float[]} without copying them out. Obtain the fastest implementation
 * for this JVM with {@link VectorOpsProvider#get()}.
 *
 * <p>Implementations are stateless and thread-safe. Arguments are not checked beyond the JVM's
 * array bounds checks: an offset or length past the end throws {@link IndexOutOfBoundsException}.
 * Results are float sums in an implementation-defined order, so two implementations may differ in
 * the last bits (relative difference around {@code 1e-6 * length}).
 */
public interface VectorOps {
    /**
     * @param a first array
     * @param aOffset start of the first vector in {@code a}
     * @param b second array
     * @param bOffset start of the second vector in {@code b}
     * @param length the dimension
     * @return the dot product
     */
    float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

    /**
     * @param a first array
     * @param aOffset start of the first vector
     * @param b second array
     * @param bOffset start of the second vector
     * @param length the dimension
     * @return the squared Euclidean distance
     */
    float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int length);

    /**
     * Dot products of one vector with four others, computed together so that the four loads from
     * memory overlap (a graph search is bound by memory latency more than by arithmetic). The
     * default computes them one by one.
     *
     * @param q the shared vector's array
     * @param qOffset start of the shared vector
     * @param b0 array of the first other vector
     * @param o0 its offset
     * @param b1 array of the second
     * @param o1 its offset
     * @param b2 array of the third
     * @param o2 its offset
     * @param b3 array of the fourth
     * @param o3 its offset
     * @param length the dimension
     * @param out receives the four results in {@code out[0..3]}
     */
    default void dot4(float[] q, int qOffset, float[] b0, int o0, float[] b1, int o1, float[] b2, int o2,
                      float[] b3, int o3, int length, float[] out) {
        out[0] = dot(q, qOffset, b0, o0, length);
        out[1] = dot(q, qOffset, b1, o1, length);
        out[2] = dot(q, qOffset, b2, o2, length);
        out[3] = dot(q, qOffset, b3, o3, length);
    }

    /**
     * Squared Euclidean distances of one vector to four others, computed together (see
     * {@link #dot4}). The default computes them one by one.
     *
     * @param q the shared vector's array
     * @param qOffset start of the shared vector
     * @param b0 array of the first other vector
     * @param o0 its offset
     * @param b1 array of the second
     * @param o1 its offset
     * @param b2 array of the third
     * @param o2 its offset
     * @param b3 array of the fourth
     * @param o3 its offset
     * @param length the dimension
     * @param out receives the four results in {@code out[0..3]}
     */
    default void squareDistance4(float[] q, int qOffset, float[] b0, int o0, float[] b1, int o1, float[] b2, int o2,
                                 float[] b3, int o3, int length, float[] out) {
        out[0] = squareDistance(q, qOffset, b0, o0, length);
        out[1] = squareDistance(q, qOffset, b1, o1, length);
        out[2] = squareDistance(q, qOffset, b2, o2, length);
        out[3] = squareDistance(q, qOffset, b3, o3, length);
    }

    /**
     * @param a vector
     * @param b vector of the same length
     * @return the dot product
     */
    default float dot(float[] a, float[] b) {
        return dot(a, 0, b, 0, a.length);
    }

    /**
     * @param a vector
     * @param b vector of the same length
     * @return the squared Euclidean distance
     */
    default float squareDistance(float[] a, float[] b) {
        return squareDistance(a, 0, b, 0, a.length);
    }

    /** @return a short name, e.g. {@code "scalar"} or {@code "panama (512-bit)"} */
    String name();
}
