package dev.agentdb.postgres.internal;

import com.pgvector.PGvector;
import dev.agentdb.AgentDBException;
import dev.agentdb.Metric;

import java.sql.SQLException;

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
     * @return pgvector text input, e.g. {@code [1.0,2.5]}, as pgvector-java writes it ({@link Float#toString}
     *         per component, which round-trips exactly)
     */
    public static String toText(float[] v) {
        return new PGvector(v).getValue();
    }

    /**
     * @param text pgvector text output, e.g. {@code [1,2.5]}
     * @return the components, parsed by pgvector-java
     * @throws AgentDBException when the text is not a vector literal
     */
    public static float[] parse(String text) {
        try {
            if (text != null && text.startsWith("[") && text.endsWith("]")) {
                return new PGvector(text).toArray();
            }
        } catch (SQLException | RuntimeException e) {
            // reported below with the text that failed
        }
        throw new AgentDBException("stored embedding is not a pgvector literal: " + (text == null ? null
                : text.substring(0, Math.min(80, text.length()))));
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
