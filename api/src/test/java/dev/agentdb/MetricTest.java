package dev.agentdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

class MetricTest {

    @ParameterizedTest
    @CsvSource({"cosine,COSINE", "COSINE,COSINE", " Cosine ,COSINE", "l2,L2", "L2,L2", "euclidean,L2", "Euclidean,L2",
            "inner_product,INNER_PRODUCT", "inner-product,INNER_PRODUCT", "INNER_PRODUCT,INNER_PRODUCT", "ip,INNER_PRODUCT",
            "dot,INNER_PRODUCT", "dot_product,INNER_PRODUCT", "dot-product,INNER_PRODUCT"})
    void should_parse_every_accepted_name_case_insensitively(String name, Metric expected) {
        assertThat(Metric.fromString(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "cos", "manhattan", "hamming", "l1", "innerproduct"})
    void should_refuse_unknown_names_listing_the_accepted_ones(String name) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> Metric.fromString(name));

        assertThat(e.field()).isEqualTo("metric");
        assertThat(e).hasMessageContaining("cosine").hasMessageContaining("l2").hasMessageContaining("inner_product");
    }

    @Test
    void should_refuse_null_name() {
        assertThatThrownBy(() -> Metric.fromString(null)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_round_trip_wire_name_through_from_string(Metric metric) {
        assertThat(Metric.fromString(metric.wireName())).isEqualTo(metric);
        assertThat(metric.toString()).isEqualTo(metric.wireName());
    }

    @Test
    void should_use_the_documented_wire_names() {
        assertThat(Metric.COSINE.wireName()).isEqualTo("cosine");
        assertThat(Metric.L2.wireName()).isEqualTo("l2");
        assertThat(Metric.INNER_PRODUCT.wireName()).isEqualTo("inner_product");
    }

    @Test
    void should_convert_cosine_distance_to_similarity() {
        assertThat(Metric.COSINE.scoreOf(0.0)).isEqualTo(1.0);
        assertThat(Metric.COSINE.scoreOf(1.0)).isEqualTo(0.0);
        assertThat(Metric.COSINE.scoreOf(2.0)).isEqualTo(-1.0);
        assertThat(Metric.COSINE.distanceOf(0.96)).isCloseTo(0.04, within(1e-12));
    }

    @Test
    void should_convert_l2_distance_to_a_score_in_zero_one() {
        assertThat(Metric.L2.scoreOf(0.0)).isEqualTo(1.0);
        assertThat(Metric.L2.scoreOf(1.0)).isEqualTo(0.5);
        assertThat(Metric.L2.scoreOf(3.0)).isEqualTo(0.25);
        assertThat(Metric.L2.scoreOf(1e12)).isPositive().isLessThan(1e-11);
        assertThat(Metric.L2.distanceOf(0.25)).isEqualTo(3.0);
        assertThat(Metric.L2.distanceOf(1.0)).isEqualTo(0.0);
    }

    @Test
    void should_convert_inner_product_distance_by_negation() {
        assertThat(Metric.INNER_PRODUCT.scoreOf(-24.0)).isEqualTo(24.0);
        assertThat(Metric.INNER_PRODUCT.scoreOf(5.0)).isEqualTo(-5.0);
        assertThat(Metric.INNER_PRODUCT.distanceOf(24.0)).isEqualTo(-24.0);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void should_make_score_and_distance_inverse_and_order_reversing(Metric metric) {
        double[] distances = metric == Metric.INNER_PRODUCT ? new double[] {-10, -1.5, 0, 0.25, 7}
                : metric == Metric.COSINE ? new double[] {0, 0.1, 0.5, 1, 1.7, 2} : new double[] {0, 0.1, 1, 2.5, 100};
        for (int i = 0; i < distances.length; i++) {
            double d = distances[i];
            assertThat(metric.distanceOf(metric.scoreOf(d))).isCloseTo(d, within(1e-9 * Math.max(1, Math.abs(d))));
            if (i > 0) {
                assertThat(metric.scoreOf(d)).as("a larger distance has a lower score").isLessThan(metric.scoreOf(distances[i - 1]));
            }
        }
    }
}
