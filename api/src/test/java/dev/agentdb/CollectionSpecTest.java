package dev.agentdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CollectionSpecTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE, Limits.MAX_DIMENSION + 1})
    void should_refuse_dimension_out_of_range_in_of_and_builder(int dimension) {
        InvalidInputException of = catchThrowableOfType(InvalidInputException.class, () -> CollectionSpec.of(dimension, Metric.COSINE));
        InvalidInputException built = catchThrowableOfType(InvalidInputException.class, () -> CollectionSpec.builder(dimension).build());

        assertThat(of.field()).isEqualTo("dimension");
        assertThat(of).hasMessageContaining(String.valueOf(Limits.MAX_DIMENSION)).hasMessageContaining(String.valueOf(dimension));
        assertThat(built.field()).isEqualTo("dimension");
    }

    @Test
    void should_accept_dimensions_at_the_limits() {
        assertThat(CollectionSpec.of(1, Metric.L2).dimension()).isEqualTo(1);
        assertThat(CollectionSpec.of(Limits.MAX_DIMENSION, Metric.L2).dimension()).isEqualTo(Limits.MAX_DIMENSION);
    }

    @Test
    void should_allow_dimension_zero_only_through_the_canonical_constructor_for_the_v1_collection() {
        CollectionSpec v1 = new CollectionSpec(0, Metric.COSINE, null);

        assertThat(v1.dimension()).isZero();
        assertThat(v1.index()).isEqualTo(IndexParams.DEFAULT);
        assertThat(v1.withDimension(384)).isEqualTo(CollectionSpec.of(384, Metric.COSINE));
    }

    @Test
    void should_refuse_null_metric() {
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> CollectionSpec.of(3, null)).field()).isEqualTo("metric");
        assertThatThrownBy(() -> CollectionSpec.builder(3).metric(null).build()).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void should_build_with_cosine_and_default_hnsw_unless_told_otherwise() {
        assertThat(CollectionSpec.builder(8).build()).isEqualTo(CollectionSpec.of(8, Metric.COSINE));
        CollectionSpec custom = CollectionSpec.builder(8).metric(Metric.INNER_PRODUCT).m(8).efConstruction(40).efSearch(20).build();

        assertThat(custom.metric()).isEqualTo(Metric.INNER_PRODUCT);
        assertThat(custom.index()).isEqualTo(IndexParams.hnsw(8, 40, 20));
        assertThat(CollectionSpec.builder(8).indexType(IndexParams.IndexType.FLAT).build().index().type())
                .isEqualTo(IndexParams.IndexType.FLAT);
    }

    @Test
    void should_compare_specs_by_value() {
        assertThat(CollectionSpec.of(4, Metric.L2)).isEqualTo(new CollectionSpec(4, Metric.L2, IndexParams.DEFAULT))
                .isNotEqualTo(CollectionSpec.of(4, Metric.COSINE)).isNotEqualTo(CollectionSpec.of(5, Metric.L2));
    }

    @Test
    void should_default_to_documented_hnsw_parameters() {
        assertThat(IndexParams.DEFAULT).isEqualTo(new IndexParams(IndexParams.IndexType.HNSW, 16, 100, 64));
        assertThat(IndexParams.flat().type()).isEqualTo(IndexParams.IndexType.FLAT);
    }

    @Test
    void should_name_the_index_field_that_is_out_of_range() {
        assertThat(field(() -> IndexParams.hnsw(1, 100, 64))).isEqualTo("index.m");
        assertThat(field(() -> IndexParams.hnsw(Limits.MAX_M + 1, Limits.MAX_EF, 64))).isEqualTo("index.m");
        assertThat(field(() -> IndexParams.hnsw(16, 15, 64))).isEqualTo("index.efConstruction");
        assertThat(field(() -> IndexParams.hnsw(16, Limits.MAX_EF + 1, 64))).isEqualTo("index.efConstruction");
        assertThat(field(() -> IndexParams.hnsw(16, 100, 0))).isEqualTo("index.efSearch");
        assertThat(field(() -> IndexParams.hnsw(16, 100, Limits.MAX_EF + 1))).isEqualTo("index.efSearch");
        assertThat(field(() -> new IndexParams(null, 16, 100, 64))).isEqualTo("index.type");
        assertThat(field(() -> CollectionSpec.builder(4).m(1).build())).isEqualTo("index.m");
    }

    @Test
    void should_accept_index_parameters_at_their_limits() {
        assertThat(IndexParams.hnsw(2, 2, 1).m()).isEqualTo(2);
        assertThat(IndexParams.hnsw(Limits.MAX_M, Limits.MAX_EF, Limits.MAX_EF).efSearch()).isEqualTo(Limits.MAX_EF);
    }

    private static String field(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return catchThrowableOfType(InvalidInputException.class, call).field();
    }
}
