package dev.agentdb.langchain4j;

import dev.agentdb.Metric;

/**
 * AgentDB scores ({@link Metric}) to LangChain4j relevance scores in [0, 1] and back.
 *
 * <p>LangChain4j's {@code EmbeddingMatch.score()} and {@code EmbeddingSearchRequest.minScore()} are
 * relevance: for cosine {@code (cos + 1) / 2} ({@code RelevanceScore.fromCosineSimilarity}, what its
 * in-memory store returns). Per metric:
 * <ul>
 *   <li>{@link Metric#COSINE}: {@code (score + 1) / 2}, AgentDB's score being the cosine.</li>
 *   <li>{@link Metric#INNER_PRODUCT}: {@code (score + 1) / 2} clamped to [0, 1]; the dot product is the
 *       cosine for unit-length embeddings (what embedding models return), so the same relevance.</li>
 *   <li>{@link Metric#L2}: AgentDB's score {@code 1 / (1 + distance)}, already in (0, 1].</li>
 * </ul>
 */
final class RelevanceScores {
    /**
     * How far below the exact bound the threshold handed to AgentDB lies: rounding in the conversion
     * must not drop a result; the exact comparison is {@link #relevance} against {@code minScore}.
     */
    private static final double THRESHOLD_SLACK = 1e-9;

    private RelevanceScores() {
    }

    /**
     * @param metric the metric the search ranked by
     * @param score AgentDB's score for it
     * @return the relevance in [0, 1]
     */
    static double relevance(Metric metric, double score) {
        switch (metric) {
            case COSINE:
            case INNER_PRODUCT:
                return Math.min(1.0, Math.max(0.0, (score + 1.0) / 2.0));
            case L2:
                return score;
            default:
                throw new AssertionError(metric);
        }
    }

    /**
     * @param metric the metric the search ranks by
     * @param minScore a minimum relevance in [0, 1]
     * @return the AgentDB score threshold that keeps every result of at least that relevance (a little
     *         lower, see {@link #THRESHOLD_SLACK}), or null when {@code minScore} is 0 (no bound)
     */
    static Double threshold(Metric metric, double minScore) {
        if (minScore <= 0) {
            return null;
        }
        switch (metric) {
            case COSINE:
            case INNER_PRODUCT:
                return 2.0 * minScore - 1.0 - THRESHOLD_SLACK;
            case L2:
                return minScore - THRESHOLD_SLACK;
            default:
                throw new AssertionError(metric);
        }
    }
}
