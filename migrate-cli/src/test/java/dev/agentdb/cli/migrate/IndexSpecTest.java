package dev.agentdb.cli.migrate;

import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexSpecTest {
    private static final IndexParams SOURCE_HNSW = IndexParams.hnsw(8, 40, 32);
    private static final IndexParams SOURCE_IVF = IndexParams.ivfflat(50, 5);

    @Test
    void should_take_omitted_keys_from_a_source_of_the_same_type_else_from_the_defaults() {
        IndexSpec m32 = IndexSpec.parse("hnsw:m=32");
        assertThat(m32.resolve(IndexParams.hnsw(8, 200, 32))).isEqualTo(IndexParams.hnsw(32, 200, 32));
        assertThat(m32.resolve(IndexParams.flat())).isEqualTo(IndexParams.hnsw(32, 100, 64));
        assertThat(m32.resolve(null)).isEqualTo(IndexParams.hnsw(32, 100, 64));
        assertThat(IndexSpec.parse("hnsw").resolve(SOURCE_HNSW)).isEqualTo(SOURCE_HNSW);
        assertThat(IndexSpec.parse("hnsw").resolve(SOURCE_IVF)).isEqualTo(IndexParams.DEFAULT);
        assertThat(IndexSpec.parse("ivfflat:probes=7").resolve(SOURCE_IVF)).isEqualTo(IndexParams.ivfflat(50, 7));
        assertThat(IndexSpec.parse("ivfflat").resolve(SOURCE_HNSW)).isEqualTo(IndexParams.ivfflat(100, 10));
        assertThat(IndexSpec.parse("flat").resolve(SOURCE_HNSW)).isEqualTo(IndexParams.flat());
    }

    @Test
    void should_accept_any_case_and_snake_case_keys_and_print_the_canonical_form() {
        IndexSpec s = IndexSpec.parse(" HNSW:M=12, ef_construction=120 ,EF_SEARCH=30");
        assertThat(IndexSpec.parse("hnsw:efsearch=31,EfConstruction=99").resolve(null)).isEqualTo(IndexParams.hnsw(16, 99, 31));
        assertThat(s.resolve(null)).isEqualTo(IndexParams.hnsw(12, 120, 30));
        assertThat(s).hasToString("hnsw:m=12,efConstruction=120,efSearch=30");
        assertThat(IndexSpec.parse(s.toString())).isEqualTo(s);
        IndexSpec named = IndexSpec.parse("docs=IvfFlat:Lists=200");
        assertThat(named.collection()).isEqualTo("docs");
        assertThat(named).hasToString("docs=ivfflat:lists=200");
        assertThat(named.resolve(null)).isEqualTo(IndexParams.ivfflat(200, 10));
        assertThat(IndexSpec.parse("flat").collection()).isNull();
    }

    @Test
    void should_refuse_unknown_types_keys_non_integers_and_repeated_keys() {
        assertThatThrownBy(() -> IndexSpec.parse("ivf")).hasMessage("unknown index type 'ivf'; expected flat, hnsw or ivfflat");
        assertThatThrownBy(() -> IndexSpec.parse("hnsw:lists=3")).hasMessageContaining("unknown key 'lists' for hnsw; expected m, efConstruction, efSearch");
        assertThatThrownBy(() -> IndexSpec.parse("flat:m=3")).hasMessageContaining("unknown key 'm' for flat, which takes none");
        assertThatThrownBy(() -> IndexSpec.parse("hnsw:m=big")).hasMessage("m must be an integer, was 'big'");
        assertThatThrownBy(() -> IndexSpec.parse("hnsw:m")).hasMessageContaining("'m' is not KEY=VALUE");
        assertThatThrownBy(() -> IndexSpec.parse("hnsw:")).hasMessageContaining("is not KEY=VALUE");
        assertThatThrownBy(() -> IndexSpec.parse("hnsw:m=4,M=5")).hasMessage("m is given twice");
        assertThatThrownBy(() -> IndexSpec.parse("9docs=flat")).hasMessageContaining("'9docs' is not a collection name");
    }

    @Test
    void should_report_out_of_range_values_with_the_index_params_limit() {
        assertThatThrownBy(() -> IndexSpec.parse("hnsw:m=1")).hasMessage("index.m: must be between 2 and 512, was 1");
        assertThatThrownBy(() -> IndexSpec.parse("hnsw:efSearch=0")).hasMessageContaining("index.efSearch: must be between 1 and 100000");
        assertThatThrownBy(() -> IndexSpec.parse("ivfflat:lists=40000")).hasMessageContaining("index.lists: must be between 1 and 32768, was 40000");
        assertThatThrownBy(() -> IndexSpec.parse("ivfflat:lists=5,probes=6")).hasMessage("index.probes: must be between 1 and lists (5), was 6");
        assertThatThrownBy(() -> IndexSpec.parse("hnsw:m=20,efConstruction=10")).hasMessageContaining("index.efConstruction: must be between m (20)");
        assertThatThrownBy(() -> IndexSpec.parse("hnsw:efConstruction=1")).hasMessage("index.efConstruction: must be between 2 and 100000, was 1");
        assertThatThrownBy(() -> IndexSpec.parse("ivfflat:probes=0")).hasMessage("index.probes: must be between 1 and 32768, was 0");
    }

    @Test
    void should_accept_values_whose_partner_the_source_may_supply_and_check_the_combination_when_resolving() {
        IndexSpec bigM = IndexSpec.parse("hnsw:m=200"); // fine if the source's efConstruction is at least 200
        assertThat(bigM.resolve(IndexParams.hnsw(8, 400, 64))).isEqualTo(IndexParams.hnsw(200, 400, 64));
        assertThatThrownBy(() -> bigM.resolve(SOURCE_HNSW)).isInstanceOf(InvalidInputException.class)
                .hasMessage("index.efConstruction: must be between m (200) and 100000, was 40");
        assertThat(IndexSpec.parse("hnsw:efConstruction=5").resolve(IndexParams.hnsw(4, 40, 32))).isEqualTo(IndexParams.hnsw(4, 5, 32));
        assertThat(IndexSpec.parse("ivfflat:probes=150").resolve(IndexParams.ivfflat(300, 10))).isEqualTo(IndexParams.ivfflat(300, 150));
        assertThatThrownBy(() -> IndexSpec.parse("ivfflat:probes=150").resolve(SOURCE_IVF)).hasMessageContaining("index.probes");
    }
}
