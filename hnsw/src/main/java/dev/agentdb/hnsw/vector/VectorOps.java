package dev.agentdb.hnsw.vector;

/**
 * Distance kernels over float vectors stored at offsets in flat arrays. Obtain the fastest
 * implementation for this JVM with {@link VectorOpsProvider#get()}.
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

    /** @param a vector @param b vector of the same length @return the dot product */
    default float dot(float[] a, float[] b) {
        return dot(a, 0, b, 0, a.length);
    }

    /** @param a vector @param b vector of the same length @return the squared Euclidean distance */
    default float squareDistance(float[] a, float[] b) {
        return squareDistance(a, 0, b, 0, a.length);
    }

    /** @return a short name, e.g. {@code "scalar"} or {@code "panama (512-bit)"} */
    String name();
}
