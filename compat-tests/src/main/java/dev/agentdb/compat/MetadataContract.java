package dev.agentdb.compat;

import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract: metadata round-trips through every read path (get, scan, search) as the same JSON:
 * unicode and awkward strings, Long integers, doubles, booleans, nulls, nested objects, mixed arrays.
 */
public interface MetadataContract extends CompatFixture {

    /**
     * Metadata of every JSON type ({@link Meta#everyJsonType()}) reads back through {@code get} as
     * the same JSON.
     */
    @Test
    default void should_round_trip_every_json_type_through_get() {
        VectorCollection c = createCollection("docs", 3, Metric.COSINE);
        Map<String, Object> metadata = Meta.everyJsonType();

        c.insert(VectorRecord.of("a", vec(1, 2, 3), metadata));
        Map<String, Object> got = c.get("a").orElseThrow().metadata();

        CompatAssertions.assertSameJson(got, metadata);
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(metadata.keySet());
        assertThat(got.get("long")).isEqualTo(9_007_199_254_740_993L);
        assertThat(got.get("negative")).isEqualTo(-42L);
        assertThat(got.get("double")).isEqualTo(3.14159);
        assertThat(got.get("tiny")).isEqualTo(1.5e-300);
        assertThat(got.get("yes")).isEqualTo(Boolean.TRUE);
        assertThat(got.get("no")).isEqualTo(Boolean.FALSE);
        assertThat(got).containsKey("nothing");
        assertThat(got.get("nothing")).isNull();
        assertThat(got.get("unicode")).isEqualTo(metadata.get("unicode"));
        assertThat(got.get("quotes")).isEqualTo(metadata.get("quotes"));
        assertThat(got.get("control")).isEqualTo(metadata.get("control"));
        assertThat(got.get("empty")).isEqualTo("");
    }

    /**
     * Integers read back as {@code Long}, fractions as {@code Double}.
     */
    @Test
    default void should_return_integers_as_long_and_fractions_as_double() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);
        c.insert(VectorRecord.of("a", vec(1, 2), Meta.of("int", 7, "long", 7L, "short", (short) 7, "double", 7.5,
                "float", 0.25f)));

        Map<String, Object> got = c.get("a").orElseThrow().metadata();

        assertThat(got.get("int")).isInstanceOf(Long.class).isEqualTo(7L);
        assertThat(got.get("long")).isInstanceOf(Long.class).isEqualTo(7L);
        assertThat(got.get("short")).isInstanceOf(Long.class).isEqualTo(7L);
        assertThat(got.get("double")).isInstanceOf(Double.class).isEqualTo(7.5);
        assertThat(((Number) got.get("float")).doubleValue()).isEqualTo(0.25);
    }

    /**
     * Metadata and text read back the same through {@code scan} and {@code search}.
     */
    @Test
    default void should_round_trip_metadata_through_scan_and_search() {
        VectorCollection c = createCollection("docs", 3, Metric.L2);
        Map<String, Object> metadata = Meta.everyJsonType();
        c.insert(new VectorRecord("a", vec(1, 2, 3), metadata, "text of a", 10L));
        c.insert(VectorRecord.of("b", vec(9, 9, 9), Map.of("other", "x")));

        awaitSearchable(c, 2);
        List<VectorRecord> scanned = c.scan(null, 10);
        List<SearchResult> found = c.search(SearchRequest.builder(vec(1, 2, 3)).k(1).build());

        assertThat(scanned).extracting(VectorRecord::id).containsExactly("a", "b");
        CompatAssertions.assertSameJson(scanned.get(0).metadata(), metadata);
        assertThat(scanned.get(0).text()).isEqualTo("text of a");
        assertThat(scanned.get(0).timestamp()).isEqualTo(10L);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).id()).isEqualTo("a");
        CompatAssertions.assertSameJson(found.get(0).metadata(), metadata);
        assertThat(found.get(0).text()).isEqualTo("text of a");
    }

    /**
     * Null metadata is stored as an empty object.
     */
    @Test
    default void should_store_null_metadata_as_empty_object() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);

        c.insert(VectorRecord.of("a", vec(1, 2), null));
        c.insert(VectorRecord.of("b", vec(1, 2), Map.of()));

        assertThat(c.get("a").orElseThrow().metadata()).isEmpty();
        assertThat(c.get("b").orElseThrow().metadata()).isEmpty();
        awaitSearchable(c, 2);
        assertThat(c.search(vec(1, 2), 2)).allSatisfy(r -> assertThat(r.metadata()).isEmpty());
    }

    /**
     * An upsert replaces the whole metadata object, not merges it.
     */
    @Test
    default void should_replace_whole_metadata_object_on_upsert() {
        VectorCollection c = createCollection("docs", 2, Metric.COSINE);
        c.insert(VectorRecord.of("a", vec(1, 2), Meta.everyJsonType()));

        c.upsert(VectorRecord.of("a", vec(1, 2), Meta.of("only", Meta.list(1L))));

        CompatAssertions.assertSameJson(c.get("a").orElseThrow().metadata(), Meta.of("only", Meta.list(1L)));
    }
}
