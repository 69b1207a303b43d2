package dev.agentdb.compat;

import dev.agentdb.AgentDB;
import dev.agentdb.CollectionInfo;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.SearchRequest;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static dev.agentdb.compat.Records.scanAll;
import static dev.agentdb.compat.TestVectors.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Contract: bad input raises the documented typed exception, naming the field, and leaves the
 * stored data exactly as it was. Every test runs against a database already holding two
 * collections; after each refused call the test checks that they are unchanged.
 */
public interface InvalidInputContract extends CompatFixture {
    /**
     * The data every test of this contract stores first, with what it looked like afterwards.
     *
     * @param docs the collection {@code docs} (dimension 4, cosine) holding records {@code a} and {@code b}
     * @param collections every collection, as listed after storing
     * @param records the records of {@code docs}, as scanned after storing
     */
    record ReferenceData(VectorCollection docs, List<CollectionInfo> collections, List<VectorRecord> records) {
        /**
         * Asserts that the stored data is exactly as it was: same collections, same records, the
         * default collection's record still there.
         *
         * @param db the database, through any handle
         */
        public void assertUnchanged(AgentDB db) {
            assertThat(db.listCollections()).as("collections after a refused call").isEqualTo(collections);
            assertThat(scanAll(db.collection("docs"))).as("records after a refused call").isEqualTo(records);
            assertThat(db.collection(AgentDB.DEFAULT_COLLECTION).get("v1")).isPresent();
            assertThat(db.collection(AgentDB.DEFAULT_COLLECTION).count()).isEqualTo(1);
        }
    }

    /**
     * Stores two collections whose state every test of this contract checks afterwards.
     *
     * @return what was stored
     */
    private ReferenceData givenReferenceData() {
        VectorCollection docs = createCollection("docs", 4, Metric.COSINE);
        docs.insertBatch(List.of(
                new VectorRecord("a", vec(1, 0, 0, 0), Map.of("k", "a"), "text a", 1L),
                new VectorRecord("b", vec(0, 1, 0, 0), Map.of("k", "b"), null, 2L)));
        db().defaultCollection().insert(VectorRecord.of("v1", vec(1, 2), Map.of("legacy", true)));
        awaitSearchable(docs, 2);
        awaitSearchable(db().defaultCollection(), 1);
        return new ReferenceData(docs, db().listCollections(), scanAll(docs));
    }

    /**
     * An insert of the wrong dimension throws {@code DimensionMismatchException} naming the field,
     * the collection and both sizes.
     */
    @Test
    default void should_refuse_insert_with_wrong_dimension() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        DimensionMismatchException e = catchThrowableOfType(DimensionMismatchException.class,
                () -> docs.insert(VectorRecord.of("c", vec(1, 2, 3), null)));

        assertThat(e.field()).isEqualTo("embedding");
        assertThat(e.expected()).isEqualTo(4);
        assertThat(e.actual()).isEqualTo(3);
        assertThat(e).hasMessageContaining("docs");
        given.assertUnchanged(db());
    }

    /**
     * A search of the wrong dimension throws {@code DimensionMismatchException}, exact or with a
     * metric override too.
     */
    @Test
    default void should_refuse_search_with_wrong_dimension() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        DimensionMismatchException e = catchThrowableOfType(DimensionMismatchException.class,
                () -> docs.search(vec(1, 2, 3, 4, 5), 3));

        assertThat(e.expected()).isEqualTo(4);
        assertThat(e.actual()).isEqualTo(5);
        assertThatThrownBy(() -> docs.search(SearchRequest.builder(vec(1, 2)).k(1).exact(true).build()))
                .isInstanceOf(DimensionMismatchException.class);
        assertThatThrownBy(() -> docs.search(SearchRequest.builder(vec(1, 2)).k(1).metric(Metric.L2).build()))
                .isInstanceOf(DimensionMismatchException.class);
        given.assertUnchanged(db());
    }

    /**
     * NaN and infinite components are refused on insert, upsert and search, naming the component.
     *
     * @param bad the non-finite value
     */
    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    default void should_refuse_non_finite_components_naming_the_index(float bad) {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        InvalidInputException insert = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("c", vec(1, 2, bad, 4), null)));
        InvalidInputException upsert = catchThrowableOfType(InvalidInputException.class,
                () -> docs.upsert(VectorRecord.of("a", vec(1, 2, 3, bad), null)));
        InvalidInputException search = catchThrowableOfType(InvalidInputException.class,
                () -> docs.search(vec(bad, 1, 1, 1), 2));

        assertThat(insert.field()).isEqualTo("embedding[2]");
        assertThat(insert).hasMessageContaining("embedding[2]");
        assertThat(upsert.field()).isEqualTo("embedding[3]");
        assertThat(search.field()).isEqualTo("vector[0]");
        given.assertUnchanged(db());
    }

    /**
     * Empty and null vectors are refused on insert and search.
     */
    @Test
    default void should_refuse_empty_and_null_vectors() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("c", new float[0], null))).field()).isEqualTo("embedding");
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("c", null, null))).field()).isEqualTo("embedding");
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> docs.search(new float[0], 1)).field()).isEqualTo("vector");
        assertThatThrownBy(() -> db().defaultCollection().insert(new float[0], Map.of()))
                .isInstanceOf(InvalidInputException.class);
        given.assertUnchanged(db());
    }

    /**
     * A {@code k} outside 1 to {@code Limits.MAX_K} is refused naming {@code k} and the limit.
     *
     * @param k the value of k
     */
    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE, Limits.MAX_K + 1})
    default void should_refuse_k_out_of_range(int k) {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> docs.search(vec(1, 1, 1, 1), k));

        assertThat(e.field()).isEqualTo("k");
        assertThat(e).hasMessageContaining(String.valueOf(Limits.MAX_K));
        given.assertUnchanged(db());
    }

    /**
     * {@code k} = {@code Limits.MAX_K} is accepted.
     */
    @Test
    default void should_accept_k_at_the_limit() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        assertThat(docs.search(vec(1, 1, 1, 1), Limits.MAX_K)).hasSize(2);
        given.assertUnchanged(db());
    }

    /**
     * An efSearch out of range and a NaN threshold are refused, naming the field.
     */
    @Test
    default void should_refuse_efsearch_and_threshold_out_of_range() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> docs.search(SearchRequest.builder(vec(1, 1, 1, 1)).efSearch(0).build())).field()).isEqualTo("efSearch");
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> docs.search(SearchRequest.builder(vec(1, 1, 1, 1)).efSearch(Limits.MAX_EF + 1).build())).field())
                .isEqualTo("efSearch");
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> docs.search(SearchRequest.builder(vec(1, 1, 1, 1)).threshold(Double.NaN).build())).field())
                .isEqualTo("threshold");
        given.assertUnchanged(db());
    }

    /**
     * Metadata over {@code Limits.MAX_METADATA_BYTES} of UTF-8 is refused; metadata at the limit is
     * stored.
     */
    @Test
    default void should_refuse_metadata_over_the_limit_and_accept_it_at_the_limit() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        String overhead = "{\"big\":\"\"}";
        String fits = "x".repeat(Limits.MAX_METADATA_BYTES - overhead.length());

        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("c", vec(1, 1, 1, 1), Map.of("big", fits + "y"))));
        InvalidInputException multiByte = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("c", vec(1, 1, 1, 1),
                        Map.of("big", "\u00e9".repeat(Limits.MAX_METADATA_BYTES / 2)))));

        assertThat(e.field()).isEqualTo("metadata");
        assertThat(e).hasMessageContaining(String.valueOf(Limits.MAX_METADATA_BYTES));
        assertThat(multiByte.field()).as("the limit counts UTF-8 bytes, not characters").isEqualTo("metadata");

        docs.insert(VectorRecord.of("c", vec(1, 1, 1, 1), Map.of("big", fits)));
        assertThat(docs.get("c").orElseThrow().metadata().get("big")).isEqualTo(fits);
        docs.delete("c");
        given.assertUnchanged(db());
    }

    /**
     * Ids over {@code Limits.MAX_ID_LENGTH}, empty or with NUL are refused; an id at the limit is
     * stored.
     */
    @Test
    default void should_refuse_ids_over_the_limit_and_accept_them_at_the_limit() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        String longest = "i".repeat(Limits.MAX_ID_LENGTH);

        InvalidInputException tooLong = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of(longest + "i", vec(1, 1, 1, 1), null)));
        InvalidInputException empty = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("", vec(1, 1, 1, 1), null)));
        InvalidInputException nul = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("a\u0000b", vec(1, 1, 1, 1), null)));

        assertThat(tooLong.field()).isEqualTo("id");
        assertThat(tooLong).hasMessageContaining(String.valueOf(Limits.MAX_ID_LENGTH));
        assertThat(empty.field()).isEqualTo("id");
        assertThat(nul.field()).isEqualTo("id");
        assertThatThrownBy(() -> docs.get(longest + "i")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> docs.delete("")).isInstanceOf(InvalidInputException.class);

        docs.insert(VectorRecord.of(longest, vec(1, 1, 1, 1), null));
        assertThat(docs.get(longest)).isPresent();
        assertThat(docs.delete(longest)).isTrue();
        given.assertUnchanged(db());
    }

    /**
     * Ids that look like SQL, JSON paths, quotes, wildcards or whitespace are stored and found
     * verbatim.
     */
    @Test
    default void should_store_ids_that_look_like_sql_or_json_verbatim() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        List<String> hostile = List.of("x'); DROP TABLE vectors; --", "\"quoted\"", "a\\b", "%_*", "$.a[0]",
                "\u00e9\ud83d\ude80", " leading space", "new\nline");
        for (String id : hostile) {
            docs.insert(VectorRecord.of(id, vec(1, 1, 1, 1), Map.of("id", id)));
        }

        for (String id : hostile) {
            assertThat(docs.get(id)).as(id).isPresent();
            assertThat(docs.get(id).orElseThrow().metadata()).containsEntry("id", id);
            assertThat(docs.delete(id)).as(id).isTrue();
        }
        given.assertUnchanged(db());
    }

    /**
     * Collection names outside the allowed pattern, reserved prefixes and system names included, are
     * refused by every collection call.
     *
     * @param name the refused name
     */
    @ParameterizedTest
    @ValueSource(strings = {"x; DROP TABLE vectors", "a\"b", "a'b", "a-b", "a.b", "1abc", "", " ", "docs ",
            "hnsw_x", "HNSW_nodes", "sqlite_master", "pg_catalog", "agentdb_meta", "system_x",
            "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd", "\u00e9t\u00e9", "a\u0000"})
    default void should_refuse_hostile_collection_names(String name) {
        ReferenceData given = givenReferenceData();
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> db().createCollection(name, CollectionSpec.of(4, Metric.COSINE))).field()).isEqualTo("collection");
        assertThatThrownBy(() -> db().collection(name)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> db().dropCollection(name)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> db().hasCollection(name)).isInstanceOf(InvalidInputException.class);
        given.assertUnchanged(db());
    }

    /**
     * A collection name of 63 characters is accepted.
     */
    @Test
    default void should_accept_a_name_of_63_characters() {
        ReferenceData given = givenReferenceData();
        String name = "a".repeat(63);

        db().createCollection(name, CollectionSpec.of(2, Metric.COSINE)).insert(VectorRecord.of("x", vec(1, 2), null));

        assertThat(db().collection(name).count()).isEqualTo(1);
        assertThat(db().dropCollection(name)).isTrue();
        given.assertUnchanged(db());
    }

    /**
     * A null collection name, a null spec and a zero dimension are refused.
     */
    @Test
    default void should_refuse_null_collection_name_and_null_spec() {
        ReferenceData given = givenReferenceData();
        assertThatThrownBy(() -> db().createCollection(null, CollectionSpec.of(4, Metric.COSINE)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> db().createCollection("other", null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> db().createCollection("other", new CollectionSpec(0, Metric.COSINE, null)))
                .isInstanceOf(InvalidInputException.class);
        given.assertUnchanged(db());
    }

    /**
     * Every call on a missing or dropped collection throws {@code NotFoundException} naming it.
     */
    @Test
    default void should_raise_not_found_for_a_missing_collection() {
        ReferenceData given = givenReferenceData();
        assertThatThrownBy(() -> db().collection("missing")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("missing");
        VectorCollection dropped = createCollection("dropped", 4, Metric.COSINE);
        db().dropCollection("dropped");

        assertThatThrownBy(() -> dropped.insert(VectorRecord.of("x", vec(1, 1, 1, 1), null))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> dropped.get("x")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> dropped.count()).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> dropped.search(vec(1, 1, 1, 1), 1)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> dropped.delete("x")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> dropped.deleteWhere(Filter.and())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> dropped.scan(null, 10)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(dropped::spec).isInstanceOf(NotFoundException.class);
        assertThat(db().hasCollection("dropped")).isFalse();
        given.assertUnchanged(db());
    }

    /**
     * Malformed or unsupported filter JSON is refused naming the {@code filter} field.
     *
     * @param json the refused JSON
     */
    @ParameterizedTest
    @ValueSource(strings = {"{\"year\": {\"$gte\": }}", "{\"year\": 2020", "[1, 2]", "{\"year\": {\"$regex\": \"a\"}}",
            "{\"$where\": \"1\"}", "{\"a;b\": 1}", "{\"year\": {\"$in\": 5}}", "{\"year\": {\"$gt\": true}}", "",
            "{\"tags\": [\"a\"]}"})
    default void should_refuse_malformed_filter_json(String json) {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> docs.count(Filter.parse(json)));

        assertThat(e.field()).startsWith("filter");
        given.assertUnchanged(db());
    }

    /**
     * Metadata nested deeper than {@code Limits.MAX_METADATA_DEPTH} (objects or arrays; 2,500, 10,000
     * and 100,000 levels too) is refused on insert, upsert and in a batch with a typed error naming the
     * field and the limit, never a {@code StackOverflowError}; nothing is stored.
     *
     * @param depth the depth of the refused metadata
     */
    @ParameterizedTest
    @ValueSource(ints = {Limits.MAX_METADATA_DEPTH + 1, 1_000, 2_500, 10_000, 100_000})
    default void should_refuse_metadata_nested_deeper_than_the_limit(int depth) {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        InvalidInputException insert = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("c", vec(1, 1, 1, 1), Meta.nestedObjects(depth))));
        InvalidInputException upsert = catchThrowableOfType(InvalidInputException.class,
                () -> docs.upsert(VectorRecord.of("a", vec(1, 1, 1, 1), Meta.nestedLists(depth))));
        InvalidInputException batch = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insertBatch(List.of(VectorRecord.of("c", vec(1, 1, 1, 1), null),
                        VectorRecord.of("d", vec(1, 1, 1, 1), Meta.nestedObjects(depth)))));

        assertThat(insert).as("insert of metadata %d deep", depth).isNotNull();
        assertThat(insert.field()).startsWith("metadata");
        assertThat(insert).hasMessageContaining(String.valueOf(Limits.MAX_METADATA_DEPTH));
        assertThat(upsert).as("upsert of metadata %d deep", depth).isNotNull();
        assertThat(upsert.field()).startsWith("metadata.l");
        assertThat(batch).as("batch with metadata %d deep", depth).isNotNull();
        assertThat(batch.field()).startsWith("records[1].metadata");
        given.assertUnchanged(db());
    }

    /**
     * Metadata holding a map or a list that contains itself is refused with a typed error naming
     * where, never a {@code StackOverflowError}.
     */
    @Test
    default void should_refuse_metadata_that_contains_itself() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        InvalidInputException map = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("c", vec(1, 1, 1, 1), Meta.containingItself())));
        InvalidInputException list = catchThrowableOfType(InvalidInputException.class,
                () -> docs.upsert(VectorRecord.of("b", vec(1, 1, 1, 1), Meta.listContainingItself())));

        assertThat(map).isNotNull();
        assertThat(map.field()).startsWith("metadata.me");
        assertThat(map).hasMessageContaining("contains itself");
        assertThat(list).isNotNull();
        assertThat(list.field()).isEqualTo("metadata.l[1]");
        given.assertUnchanged(db());
    }

    /**
     * Ids that are not well-formed Unicode (an unpaired surrogate) are refused by every call taking
     * an id, naming the field: they cannot be stored as they are (drivers write {@code ?} instead),
     * so ids starting with the lone surrogates U+D800 and U+DC00 would become one id.
     *
     * @param id the malformed id
     */
    @ParameterizedTest
    @ValueSource(strings = {"\ud800x", "\udc00x", "x\ud83d", "\ude80"})
    default void should_refuse_ids_with_unpaired_surrogates(String id) {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        InvalidInputException insert = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of(id, vec(1, 1, 1, 1), null)));

        assertThat(insert).isNotNull();
        assertThat(insert.field()).isEqualTo("id");
        assertThat(insert).hasMessageContaining("surrogate");
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> docs.upsert(VectorRecord.of(id, vec(1, 1, 1, 1), null))).field()).isEqualTo("id");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> docs.get(id)).field()).isEqualTo("id");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> docs.delete(id)).field()).isEqualTo("id");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> docs.scan(id, 10)).field()).isEqualTo("afterId");
        given.assertUnchanged(db());
    }

    /**
     * The NUL character and unpaired surrogates are refused in metadata keys and string values at any
     * depth, in text and in filter values, on every backend (PostgreSQL cannot store NUL; no backend
     * can store an unpaired surrogate), naming the field.
     *
     * @param bad a string outside the value domain
     */
    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\u0000", "a\ud800"})
    default void should_refuse_strings_outside_the_value_domain_in_metadata_text_and_filters(String bad) {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        InvalidInputException value = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("c", vec(1, 1, 1, 1), Map.of("k", bad))));
        InvalidInputException key = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(VectorRecord.of("c", vec(1, 1, 1, 1), Map.of("k" + bad, 1L))));
        InvalidInputException nested = catchThrowableOfType(InvalidInputException.class,
                () -> docs.upsert(VectorRecord.of("a", vec(1, 1, 1, 1), Map.of("o", Map.of("l", List.of("ok", bad))))));
        InvalidInputException text = catchThrowableOfType(InvalidInputException.class,
                () -> docs.insert(new VectorRecord("c", vec(1, 1, 1, 1), null, bad, null)));
        InvalidInputException filter = catchThrowableOfType(InvalidInputException.class,
                () -> docs.count(Filter.eq("k", bad)));

        assertThat(value).isNotNull();
        assertThat(value.field()).isEqualTo("metadata.k");
        assertThat(key).isNotNull();
        assertThat(key.field()).startsWith("metadata");
        assertThat(nested).isNotNull();
        assertThat(nested.field()).isEqualTo("metadata.o.l[1]");
        assertThat(text).isNotNull();
        assertThat(text.field()).isEqualTo("text");
        assertThat(filter).isNotNull();
        assertThat(filter.field()).startsWith("filter");
        given.assertUnchanged(db());
    }

    /**
     * Filters beyond {@code Limits.MAX_FILTER_CLAUSES} or {@code Limits.MAX_FILTER_DEPTH} are refused
     * with a typed error naming the limit before any backend sees them, built in Java or parsed from
     * JSON: an {@code or} of 100,000 clauses, {@code not} applied 100,000 times, {@code $not} nested
     * 998 deep.
     */
    @Test
    default void should_refuse_filters_beyond_the_limits_before_the_backend() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        Filter[] many = new Filter[100_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = Filter.eq("k", "v" + i);
        }
        StringBuilder nots = new StringBuilder();
        nots.append("{\"$not\":".repeat(998)).append("{\"k\":\"a\"}").append("}".repeat(998));

        InvalidInputException wide = catchThrowableOfType(InvalidInputException.class, () -> docs.count(Filter.or(many)));
        InvalidInputException deep = catchThrowableOfType(InvalidInputException.class, () -> {
            Filter f = Filter.eq("k", "a");
            for (int i = 0; i < 100_000; i++) {
                f = Filter.not(f);
            }
            docs.count(f);
        });
        InvalidInputException json = catchThrowableOfType(InvalidInputException.class,
                () -> docs.search(SearchRequest.builder(vec(1, 1, 1, 1)).filter(Filter.parse(nots.toString())).build()));

        assertThat(wide).isNotNull();
        assertThat(wide).hasMessageContaining(String.valueOf(Limits.MAX_FILTER_CLAUSES));
        assertThat(deep).isNotNull();
        assertThat(deep).hasMessageContaining(String.valueOf(Limits.MAX_FILTER_DEPTH));
        assertThat(json).isNotNull();
        assertThat(json.field()).startsWith("filter");
        given.assertUnchanged(db());
    }

    /**
     * Two collection names that differ only in case cannot both exist, on any backend: the second
     * create throws {@code ConflictException} naming both, and changes nothing.
     */
    @Test
    default void should_refuse_a_collection_name_that_differs_from_an_existing_one_only_in_case() {
        ReferenceData given = givenReferenceData();
        ConflictException upper = catchThrowableOfType(ConflictException.class,
                () -> db().createCollection("Docs", CollectionSpec.of(4, Metric.COSINE)));
        ConflictException other = catchThrowableOfType(ConflictException.class,
                () -> db().createCollection("VECTORS", CollectionSpec.of(2, Metric.COSINE)));

        assertThat(upper).isNotNull();
        assertThat(upper).hasMessageContaining("'Docs'").hasMessageContaining("'docs'");
        assertThat(other).isNotNull();
        assertThat(other).hasMessageContaining("'VECTORS'").hasMessageContaining("'vectors'");
        assertThat(db().hasCollection("Docs")).isFalse();
        given.assertUnchanged(db());
    }

    /**
     * A scan limit outside 1 to 100,000 is refused.
     */
    @Test
    default void should_refuse_scan_limit_out_of_range() {
        ReferenceData given = givenReferenceData();
        VectorCollection docs = given.docs();
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> docs.scan(null, 0)).field()).isEqualTo("limit");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> docs.scan(null, 100_001)).field()).isEqualTo("limit");
        given.assertUnchanged(db());
    }
}
