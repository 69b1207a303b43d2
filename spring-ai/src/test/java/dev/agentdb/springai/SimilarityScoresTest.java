package dev.agentdb.springai;

import dev.agentdb.Metric;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** AgentDB scores to Spring AI similarities, and the threshold; no I/O. */
class SimilarityScoresTest {
    @Test
    void should_keep_the_cosine_and_dot_product_clamped_to_0_1() {
        assertThat(SimilarityScores.similarity(Metric.COSINE, 0.8)).isEqualTo(0.8);
        assertThat(SimilarityScores.similarity(Metric.COSINE, -0.3)).isEqualTo(0.0);
        assertThat(SimilarityScores.similarity(Metric.INNER_PRODUCT, 0.6)).isEqualTo(0.6);
        assertThat(SimilarityScores.similarity(Metric.INNER_PRODUCT, 1.7)).isEqualTo(1.0);
        assertThat(SimilarityScores.similarity(Metric.INNER_PRODUCT, -2.0)).isEqualTo(0.0);
    }

    @Test
    void should_keep_agentdb_l2_score_which_is_in_0_1_already() {
        double distance = 3.0;
        assertThat(SimilarityScores.similarity(Metric.L2, 1 / (1 + distance))).isEqualTo(0.25);
    }

    @Test
    void should_hand_a_positive_threshold_over_unchanged_and_drop_a_zero_one() {
        assertThat(SimilarityScores.threshold(0.0)).isNull();
        assertThat(SimilarityScores.threshold(0.42)).isEqualTo(0.42);
        // exactness of the clamp: score >= t (t in (0, 1]) iff clamp(score) >= t
        for (double score : new double[] {-1, -0.1, 0, 0.3, 0.42, 0.5, 1, 1.5}) {
            for (double t : new double[] {0.1, 0.42, 1}) {
                assertThat(SimilarityScores.similarity(Metric.COSINE, score) >= t).isEqualTo(score >= t);
            }
        }
    }
}
