package dev.agentdb.cli.bench;

import java.util.Arrays;

/**
 * The k smallest distances seen so far with their ordinals, kept sorted (k is small, so insertion
 * into a sorted array beats a heap). Equal distances keep the order in which they were offered,
 * so offering ordinals in increasing order breaks ties by ordinal, as every backend does.
 */
final class TopK {
    private final int[] ids;
    private final float[] distances;
    private int size;

    TopK(int k) {
        ids = new int[k];
        distances = new float[k];
        Arrays.fill(distances, Float.POSITIVE_INFINITY);
    }

    /** @return the distance a candidate must beat to enter */
    float worst() {
        return size < ids.length ? Float.POSITIVE_INFINITY : distances[size - 1];
    }

    void offer(int id, float distance) {
        if (distance >= worst()) {
            return;
        }
        int i = Math.min(size, ids.length - 1);
        while (i > 0 && distances[i - 1] > distance) {
            distances[i] = distances[i - 1];
            ids[i] = ids[i - 1];
            i--;
        }
        distances[i] = distance;
        ids[i] = id;
        if (size < ids.length) {
            size++;
        }
    }

    int size() {
        return size;
    }

    int[] ids() {
        return Arrays.copyOf(ids, size);
    }

    float[] distances() {
        return Arrays.copyOf(distances, size);
    }
}
