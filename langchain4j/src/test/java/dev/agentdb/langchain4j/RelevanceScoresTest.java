package dev.agentdb.langchain4j;

import dev.agentdb.Metric;
import dev.langchain4j.store.embedding.RelevanceScore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RelevanceScoresTest {

    @Test
    void should_map_cosine_as_langchain4j_does() {
        for (double cos : new double[] {-1, -0.3, 0, 0.42, 1}) {
            assertThat(RelevanceScores.relevance(Metric.COSINE, cos)).isEqualTo(RelevanceScore.fromCosineSimilarity(cos));
        }
    }

    @Test
    void should_clamp_inner_product_and_keep_l2_scores() {
        assertThat(RelevanceScores.relevance(Metric.INNER_PRODUCT, 0.5)).isEqualTo(0.75);
        assertThat(RelevanceScores.relevance(Metric.INNER_PRODUCT, 3.0)).isEqualTo(1.0);
        assertThat(RelevanceScores.relevance(Metric.INNER_PRODUCT, -3.0)).isEqualTo(0.0);
        assertThat(RelevanceScores.relevance(Metric.L2, 0.25)).isEqualTo(0.25);
    }

    @Test
    void should_give_a_threshold_just_below_the_exact_bound() {
        assertThat(RelevanceScores.threshold(Metric.COSINE, 0)).isNull();
        assertThat(RelevanceScores.threshold(Metric.COSINE, 0.75)).isCloseTo(0.5, within(1e-8)).isLessThan(0.5);
        assertThat(RelevanceScores.threshold(Metric.INNER_PRODUCT, 1.0)).isCloseTo(1.0, within(1e-8)).isLessThan(1.0);
        assertThat(RelevanceScores.threshold(Metric.L2, 0.5)).isCloseTo(0.5, within(1e-8)).isLessThan(0.5);
    }
}
