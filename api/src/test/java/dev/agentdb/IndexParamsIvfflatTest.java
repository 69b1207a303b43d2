package dev.agentdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IndexParamsIvfflatTest {

    @Test
    void should_build_ivfflat_params_through_factory_and_builder_alike() {
        IndexParams p = IndexParams.ivfflat(200, 15);

        assertThat(p.type()).isEqualTo(IndexParams.IndexType.IVFFLAT);
        assertThat(p.lists()).isEqualTo(200);
        assertThat(p.probes()).isEqualTo(15);
        assertThat(CollectionSpec.builder(8).indexType(IndexParams.IndexType.IVFFLAT).lists(200).probes(15).build().index())
                .isEqualTo(p);
        assertThat(CollectionSpec.builder(8).indexType(IndexParams.IndexType.IVFFLAT).build().index())
                .isEqualTo(IndexParams.ivfflat(IndexParams.DEFAULT_LISTS, IndexParams.DEFAULT_PROBES));
    }

    @Test
    void should_keep_the_four_argument_constructor_with_default_lists_and_probes() {
        IndexParams p = new IndexParams(IndexParams.IndexType.HNSW, 8, 40, 20);

        assertThat(p).isEqualTo(IndexParams.hnsw(8, 40, 20));
        assertThat(p.lists()).isEqualTo(IndexParams.DEFAULT_LISTS);
        assertThat(p.probes()).isEqualTo(IndexParams.DEFAULT_PROBES);
        assertThat(IndexParams.DEFAULT.lists()).isEqualTo(100);
        assertThat(IndexParams.flat().probes()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Limits.MAX_LISTS + 1})
    void should_name_lists_and_its_limit_when_out_of_range(int lists) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> IndexParams.ivfflat(lists, 1));

        assertThat(e.field()).isEqualTo("index.lists");
        assertThat(e).hasMessageContaining(String.valueOf(Limits.MAX_LISTS)).hasMessageContaining(String.valueOf(lists));
    }

    @Test
    void should_accept_lists_at_the_limits_and_probes_up_to_lists() {
        assertThat(IndexParams.ivfflat(1, 1).lists()).isEqualTo(1);
        assertThat(IndexParams.ivfflat(Limits.MAX_LISTS, Limits.MAX_LISTS).probes()).isEqualTo(Limits.MAX_LISTS);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 51})
    void should_name_probes_and_lists_when_probes_is_out_of_range(int probes) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> IndexParams.ivfflat(50, probes));

        assertThat(e.field()).isEqualTo("index.probes");
        assertThat(e).hasMessageContaining("lists (50)").hasMessageContaining(String.valueOf(probes));
    }

    @Test
    void should_refuse_ivfflat_settings_on_other_index_types() {
        InvalidInputException lists = catchThrowableOfType(InvalidInputException.class,
                () -> CollectionSpec.builder(8).lists(64).build());
        InvalidInputException probes = catchThrowableOfType(InvalidInputException.class,
                () -> new IndexParams(IndexParams.IndexType.FLAT, 16, 100, 64, 100, 3));

        assertThat(lists.field()).isEqualTo("index.lists");
        assertThat(lists).hasMessageContaining("IVFFLAT").hasMessageContaining("HNSW");
        assertThat(probes.field()).isEqualTo("index.probes");
    }

    @Test
    void should_carry_per_query_probes_through_builder_equality_and_the_old_constructor() {
        float[] q = {1f, 2f};
        SearchRequest withProbes = SearchRequest.builder(q).k(5).probes(7).build();

        assertThat(withProbes.probes()).isEqualTo(7);
        assertThat(withProbes.toBuilder().build()).isEqualTo(withProbes).hasSameHashCodeAs(withProbes);
        assertThat(withProbes).isNotEqualTo(SearchRequest.builder(q).k(5).build());
        assertThat(withProbes.toString()).contains("probes=7");
        assertThat(new SearchRequest(q, 5, null, null, null, null, false, false)).isEqualTo(SearchRequest.of(q, 5));
        assertThat(SearchRequest.of(q, 5).probes()).isNull();
    }
}
