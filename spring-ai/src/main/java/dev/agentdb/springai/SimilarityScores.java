package dev.agentdb.springai;

import dev.agentdb.Metric;

/**
 * AgentDB scores ({@link Metric}) to Spring AI similarity scores in [0, 1], and Spring AI's
 * {@code similarityThreshold} to an AgentDB score threshold.
 *
 * <p>Spring AI's {@code Document.getScore()} is a similarity in [0, 1] (higher is closer) and
 * {@code SearchRequest.similarityThreshold} applies to it, 0 accepting everything. The PgVector store
 * computes it as {@code 1 - distance}, which for cosine is the cosine itself. Per metric:
 * <ul>
 *   <li>{@link Metric#COSINE}: the cosine ({@code 1 - distance}, AgentDB's score), clamped to [0, 1]:
 *       an opposite vector scores 0.</li>
 *   <li>{@link Metric#INNER_PRODUCT}: the dot product (AgentDB's score), clamped to [0, 1]; it is the
 *       cosine for unit-length embeddings, which embedding models return.</li>
 *   <li>{@link Metric#L2}: AgentDB's {@code 1 / (1 + distance)}, in (0, 1] already (the PgVector
 *       store's {@code 1 - distance} would be negative beyond distance 1).</li>
 * </ul>
 * Clamping keeps the order (results are ranked by distance) and makes the threshold exact: for a
 * threshold {@code t} in (0, 1], {@code score >= t} holds exactly when AgentDB's score is at least
 * {@code t}, so {@code t} is handed to AgentDB unchanged; {@code t = 0} sets no threshold at all.
 */
final class SimilarityScores {

    private SimilarityScores() {
    }

    /**
     * @param metric the metric the search ranked by
     * @param score AgentDB's score for it
     * @return the Spring AI similarity in [0, 1]
     */
    static double similarity(Metric metric, double score) {
        switch (metric) {
            case COSINE:
            case INNER_PRODUCT:
                return Math.min(1.0, Math.max(0.0, score));
            case L2:
                return score;
            default:
                throw new AssertionError(metric);
        }
    }

    /**
     * @param similarityThreshold Spring AI's threshold in [0, 1]
     * @return the AgentDB score threshold selecting the same results, or null for none (threshold 0)
     */
    static Double threshold(double similarityThreshold) {
        return similarityThreshold <= 0 ? null : similarityThreshold;
    }
}
