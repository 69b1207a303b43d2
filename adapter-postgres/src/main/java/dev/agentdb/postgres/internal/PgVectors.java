package dev.agentdb.postgres.internal;

import com.pgvector.PGvector;
import dev.agentdb.AgentDBException;

import java.sql.SQLException;

/**
 * pgvector value encodings. (Search results are ranked by pgvector and then re-scored in the JVM
 * with the reference {@link dev.agentdb.Metric#distance}, since pgvector's own distances accumulate
 * in {@code float} and halfvec indexes compare rounded values.) Not API.
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

}
