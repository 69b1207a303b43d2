package dev.agentdb.postgres.internal;

import dev.agentdb.AgentDBException;
import dev.agentdb.Metric;

/**
 * pgvector value encodings and the distance definitions of {@link Metric}, computed in the JVM. Not API.
 *
 * <p>Search results are ranked by pgvector and then re-scored here from the stored {@code float4}
 * components, so that scores and distances are the same numbers on every backend (pgvector's own
 * distances accumulate in {@code float}, and halfvec indexes compare rounded values).
 */
public final class PgVectors {
    private PgVectors() {
    }

    /**
     * @param v a vector
     * @return pgvector text input, e.g. {@code [1.0,2.5]}; {@link Float#toString} round-trips exactly
     */
    public static String toText(float[] v) {
        StringBuilder b = new StringBuilder(v.length * 10 + 2).append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(v[i]);
        }
        return b.append(']').toString();
    }

    /**
     * @param text pgvector text output, e.g. {@code [1,2.5]}
     * @return the components
     * @throws AgentDBException when the text is not a vector literal
     */
    public static float[] parse(String text) {
        if (text == null || text.length() < 2 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            throw new AgentDBException("stored embedding is not a pgvector literal: " + (text == null ? null
                    : text.substring(0, Math.min(80, text.length()))));
        }
        if (text.length() == 2) {
            return new float[0];
        }
        int n = 1;
        for (int i = 1; i < text.length() - 1; i++) {
            if (text.charAt(i) == ',') {
                n++;
            }
        }
        float[] out = new float[n];
        int start = 1;
        for (int i = 0; i < n; i++) {
            int end = text.indexOf(',', start);
            if (end < 0) {
                end = text.length() - 1;
            }
            out[i] = Float.parseFloat(text.substring(start, end));
            start = end + 1;
        }
        return out;
    }

    /**
     * The distance of {@link Metric}, accumulated in double and rounded to float like the reference adapter.
     *
     * @param metric the metric
     * @param a first vector
     * @param b second vector, same length
     * @return cosine: {@code 1 - cos} clamped to [0, 2] (1 when a vector is zero); l2: Euclidean; ip: {@code -(a . b)}
     */
    public static double distance(Metric metric, float[] a, float[] b) {
        switch (metric) {
            case L2: {
                double s = 0;
                for (int i = 0; i < a.length; i++) {
                    double d = (double) a[i] - b[i];
                    s += d * d;
                }
                return (float) Math.sqrt(s);
            }
            case INNER_PRODUCT: {
                double s = 0;
                for (int i = 0; i < a.length; i++) {
                    s += (double) a[i] * b[i];
                }
                return (float) -s;
            }
            case COSINE:
            default: {
                double dot = 0;
                double aa = 0;
                double bb = 0;
                for (int i = 0; i < a.length; i++) {
                    dot += (double) a[i] * b[i];
                    aa += (double) a[i] * a[i];
                    bb += (double) b[i] * b[i];
                }
                if (aa == 0 || bb == 0) {
                    return 1f;
                }
                double cos = dot / (Math.sqrt(aa) * Math.sqrt(bb));
                return (float) Math.min(2.0, Math.max(0.0, 1.0 - cos));
            }
        }
    }
}
