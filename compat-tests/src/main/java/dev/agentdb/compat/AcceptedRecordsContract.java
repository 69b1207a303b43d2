package dev.agentdb.compat;

import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.agentdb.compat.Records.ids;
import static dev.agentdb.compat.Records.scanAll;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract: every record the API accepts stays readable, filterable, scannable and searchable, and
 * so migratable. Records with generated metadata (every JSON type, awkward strings and keys, nested
 * up to {@code Limits.MAX_METADATA_DEPTH}, and about half with one defect from outside the value
 * domain) are inserted: each is stored exactly when its oracle says it is inside the domain (else
 * refused with {@code InvalidInputException}); then every stored record reads back equal through
 * {@code get}, {@code scan} and {@code search}, and filters on its keys, over the whole
 * collection, count and find exactly what {@code Filter.test} says. One record the backend cannot
 * read back or filter on would fail here.
 */
public interface AcceptedRecordsContract extends CompatFixture {
    /** Records drawn per run. */
    int GENERATED_RECORDS = 300;

    /**
     * Generated records are stored exactly when inside the value domain, and every stored one reads,
     * scans, filters and searches as written.
     */
    @Test
    default void should_read_scan_filter_and_search_every_record_it_accepts() {
        long seed = Draws.seed() + 100;
        VectorCollection c = createCollection("accepted", 4, Metric.COSINE);
        List<GeneratedMetadata> drawn = Draws.sample(GeneratedMetadata.any(), GENERATED_RECORDS, seed);
        float[][] vectors = TestVectors.uniform(drawn.size(), 4, seed);
        Map<String, Map<String, Object>> stored = new TreeMap<>();
        List<GeneratedMetadata> filtered = new ArrayList<>();
        Map<String, Integer> refused = new TreeMap<>();
        for (int i = 0; i < drawn.size(); i++) {
            GeneratedMetadata m = drawn.get(i);
            String id = TestVectors.id(i, 4);
            try {
                c.insert(new VectorRecord(id, vectors[i], m.metadata(), "text " + i, (long) i));
            } catch (InvalidInputException e) {
                assertThat(m.storable()).as("refused %s (seed %d): %s", m, seed, e.getMessage()).isFalse();
                refused.merge(m.defect(), 1, Integer::sum);
                continue;
            }
            assertThat(m.storable()).as("accepted %s (seed %d)", m, seed).isTrue();
            stored.put(id, m.metadata());
            filtered.add(m);
        }
        awaitSearchable(c, stored.size());

        for (Map.Entry<String, Map<String, Object>> e : stored.entrySet()) {
            CompatAssertions.assertSameJson(c.get(e.getKey()).orElseThrow().metadata(), e.getValue());
        }
        List<VectorRecord> scanned = scanAll(c);
        assertThat(scanned).extracting(VectorRecord::id).containsExactlyElementsOf(stored.keySet());
        for (VectorRecord r : scanned) {
            CompatAssertions.assertSameJson(r.metadata(), stored.get(r.id()));
        }
        for (GeneratedMetadata m : filtered) {
            for (Filter f : List.of(Filter.eq(m.key(), m.value()), Filter.exists(m.key()), Filter.ne(m.key(), m.value()))) {
                TreeSet<String> expected = new TreeSet<>();
                stored.forEach((id, metadata) -> {
                    if (f.test(metadata)) {
                        expected.add(id);
                    }
                });
                assertThat(c.count(f)).as("count(%s)", f.toJson()).isEqualTo(expected.size());
                if (f instanceof Filter.Comparison eq && eq.op() == Filter.Op.EQ) {
                    assertThat(new TreeSet<>(ids(c.search(SearchRequest.builder(vectors[0]).k(stored.size()).filter(f)
                            .exact(true).build())))).as("exact search(%s)", f.toJson()).isEqualTo(expected);
                }
            }
        }
        System.out.printf("[agentdb-compat] accepted records on %s (seed %d): %d stored and read back, filtered on and "
                + "scanned; %d refused %s%n", db().backendType(), seed, stored.size(), drawn.size() - stored.size(), refused);
        assertThat(stored).as("stored records").isNotEmpty();
    }

    /**
     * Metadata nested exactly {@code Limits.MAX_METADATA_DEPTH} deep (objects and arrays) is stored,
     * read back equal through {@code get}, {@code scan} and {@code search}, and every filtered call
     * on the collection keeps working.
     */
    @Test
    default void should_store_read_filter_and_scan_metadata_nested_to_the_limit() {
        VectorCollection c = createCollection("deep", 2, Metric.L2);
        Map<String, Object> objects = Meta.nestedObjects(Limits.MAX_METADATA_DEPTH);
        Map<String, Object> lists = Meta.nestedLists(Limits.MAX_METADATA_DEPTH);
        c.insert(VectorRecord.of("objects", vec(1, 0), objects));
        c.insert(VectorRecord.of("lists", vec(0, 1), lists));
        c.insert(VectorRecord.of("plain", vec(1, 1), Map.of("k", 1L)));
        awaitSearchable(c, 3);

        CompatAssertions.assertSameJson(c.get("objects").orElseThrow().metadata(), objects);
        CompatAssertions.assertSameJson(c.get("lists").orElseThrow().metadata(), lists);
        assertThat(scanAll(c)).extracting(VectorRecord::id).containsExactly("lists", "objects", "plain");
        String sixteen = String.join(".", java.util.Collections.nCopies(Limits.MAX_PATH_DEPTH, "a"));
        assertThat(c.count(Filter.exists(sixteen))).isEqualTo(1);
        assertThat(c.count(Filter.eq("k", 1))).isEqualTo(1);
        assertThat(c.count(Filter.eq("l", 1))).as("an array of arrays holds no scalar 1 at the top").isZero();
        assertThat(c.count(Filter.ne("k", 1))).isEqualTo(2);
        assertThat(ids(c.search(SearchRequest.builder(vec(1, 0)).k(3).filter(Filter.exists("a")).build())))
                .containsExactly("objects");
        CompatAssertions.assertSameJson(c.search(vec(0, 1), 1).get(0).metadata(), lists);
        assertThat(c.deleteWhere(Filter.exists("l"))).isEqualTo(1);
        assertThat(c.count()).isEqualTo(2);
    }
}
