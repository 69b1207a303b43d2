package dev.agentdb.hnsw.internal;

/**
 * Packs a (float distance, int node) pair into one {@code long} whose signed order is the order of
 * distance, then node: the high 32 bits hold the float's bits mapped to a signed-int order
 * (negative floats flipped), the low 32 bits the node. Same trick as Lucene's
 * {@code NeighborQueue}; it lets heaps hold primitives only. Distances must not be NaN. Not API.
 */
public final class Scored {
    private Scored() {
    }

    /**
     * @param distance a non-NaN distance
     * @param node a node ordinal
     * @return the packed pair
     */
    public static long pack(float distance, int node) {
        return ((long) sortable(distance) << 32) | (node & 0xFFFF_FFFFL);
    }

    /**
     * @param packed a packed pair
     * @return its distance
     */
    public static float distance(long packed) {
        int s = (int) (packed >> 32);
        return Float.intBitsToFloat(s ^ ((s >> 31) & 0x7FFF_FFFF));
    }

    /**
     * @param packed a packed pair
     * @return its node
     */
    public static int node(long packed) {
        return (int) packed;
    }

    private static int sortable(float f) {
        int bits = Float.floatToIntBits(f);
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF);
    }
}
