package dev.agentdb.postgres;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.TestVectors;
import dev.agentdb.filter.Filter;
import dev.agentdb.migrations.FlywayVersioning;
import dev.agentdb.postgres.internal.PostgresUrl;
import dev.agentdb.spi.Capability;
import dev.agentdb.spi.StateStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IVFFlat collections on pgvector: index DDL, probes per collection and per request, registry, halfvec, planning. */
class PostgresIvfflatIT {
    @RegisterExtension
    static final PostgresTestSupport SUPPORT = new PostgresTestSupport();
    private static final int N = 3_000;
    private static final int DIM = 32;
    private static final int LISTS = 30;

    private static VectorCollection load(AgentDB db, String name, CollectionSpec spec, float[][] vectors) {
        VectorCollection c = db.createCollection(name, spec);
        List<VectorRecord> records = new ArrayList<>(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            records.add(VectorRecord.of(TestVectors.id(i, 4), vectors[i], Map.of("i", i, "half", i % 2)));
        }
        c.insertBatch(records); // one batch of at least `lists` rows: the index is built (trained) on it
        return c;
    }

    private static List<String> allIds(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(TestVectors.id(i, 4));
        }
        return ids;
    }

    private static String plan(AgentDB db, String sql, Object... params) {
        return db.executeRaw("EXPLAIN " + sql, params).stream()
                .map(row -> row.values().iterator().next().toString()).collect(Collectors.joining("\n"));
    }

    @Test
    void should_declare_ivfflat_and_answer_exactly_when_probes_equal_lists() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            assertThat(db.capabilities()).contains(Capability.IVFFLAT_INDEX);
            float[][] vectors = TestVectors.clustered(N, DIM, 25, 0.3, 7);
            CollectionSpec spec = CollectionSpec.builder(DIM).metric(Metric.COSINE).indexType(IndexParams.IndexType.IVFFLAT)
                    .lists(LISTS).probes(LISTS).build();
            VectorCollection docs = load(db, "docs", spec, vectors);
            List<String> ids = allIds(N);
            Random r = new Random(8);
            for (int q = 0; q < 30; q++) {
                float[] query = vectors[r.nextInt(N)].clone();
                query[q % DIM] += 0.5f;
                List<SearchResult> ann = docs.search(SearchRequest.builder(query).k(10).build());
                List<String> truth = TestVectors.exactNearest(Metric.COSINE, ids, vectors, query, 10);
                assertThat(ids(ann)).as("query %d with probes = lists", q).containsExactlyElementsOf(truth);
                assertThat(ids(docs.search(SearchRequest.builder(query).k(10).exact(true).build()))).containsExactlyElementsOf(truth);
            }
        }
    }

    @Test
    void should_create_the_ivfflat_index_with_the_metric_operator_class_and_plan_an_index_scan() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            float[][] vectors = TestVectors.clustered(N, DIM, 25, 0.3, 9);
            VectorCollection docs = load(db, "docs", CollectionSpec.builder(DIM).metric(Metric.L2)
                    .indexType(IndexParams.IndexType.IVFFLAT).lists(LISTS).probes(3).build(), vectors);
            List<Map<String, Object>> index = db.executeRaw("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                    + " AND tablename = 'docs' AND indexdef LIKE '%USING ivfflat%'");
            assertThat(index).hasSize(1);
            assertThat(index.get(0).get("indexname")).isEqualTo("agentdb_docs_ivfflat");
            assertThat(index.get(0).get("indexdef").toString()).contains("lists='" + LISTS + "'");
            // pg_indexes omits a default operator class (vector_l2_ops is ivfflat's default): read it from the catalog
            assertThat(db.executeRaw("SELECT opc.opcname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " JOIN pg_opclass opc ON opc.oid = i.indclass[0] WHERE c.relname = 'agentdb_docs_ivfflat'"
                    + " AND c.relnamespace = current_schema()::regnamespace").get(0)).containsEntry("opcname", "vector_l2_ops");
            assertThat(db.executeRaw("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'docs'"
                    + " AND indexdef LIKE '%hnsw%'")).isEmpty();

            db.executeRaw("ANALYZE docs");
            // the statement shape PostgresAdapter.doSearch sends for an index search without filter
            String plan = plan(db, "SELECT id, embedding::text, metadata::text, text FROM docs WHERE TRUE"
                    + " ORDER BY embedding <-> ?::vector LIMIT ?", vectorText(vectors[0]), 14);
            assertThat(plan).contains("Index Scan using agentdb_docs_ivfflat");
            assertThat(docs.search(SearchRequest.of(vectors[42], 1)).get(0).id()).isEqualTo(TestVectors.id(42, 4));
            assertThat(docs.stats().indexedCount()).isEqualTo(N);
        }
    }

    @Test
    void should_use_the_collection_probes_unless_a_request_overrides_them_without_leaking_the_setting() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            float[][] vectors = TestVectors.uniform(N, 16, 11); // no clusters: one probe of 30 lists misses neighbours
            VectorCollection docs = load(db, "docs", CollectionSpec.builder(16).metric(Metric.L2)
                    .indexType(IndexParams.IndexType.IVFFLAT).lists(LISTS).probes(1).build(), vectors);
            db.executeRaw("ANALYZE docs");
            List<String> ids = allIds(N);
            float[][] queries = TestVectors.uniform(20, 16, 12);
            double oneProbe = 0;
            double allProbes = 0;
            double aboveLists = 0;
            for (float[] q : queries) {
                List<String> truth = TestVectors.exactNearest(Metric.L2, ids, vectors, q, 10);
                oneProbe += TestVectors.recall(truth, ids(docs.search(SearchRequest.builder(q).k(10).build())));
                allProbes += TestVectors.recall(truth, ids(docs.search(SearchRequest.builder(q).k(10).probes(LISTS).build())));
                aboveLists += TestVectors.recall(truth, ids(docs.search(SearchRequest.builder(q).k(10).probes(5_000).build())));
            }
            assertThat(allProbes / queries.length).as("probes = lists per request").isEqualTo(1.0);
            assertThat(aboveLists / queries.length).as("probes above lists visit every list").isEqualTo(1.0);
            assertThat(oneProbe / queries.length).as("the collection's probes = 1").isLessThan(0.9).isGreaterThan(0.0);
            // the cast loads pgvector into the pooled session, which defines ivfflat.probes (default 1)
            assertThat(db.executeRaw("SELECT '[1]'::vector IS NOT NULL AS loaded, current_setting('ivfflat.probes') AS p").get(0))
                    .as("SET LOCAL does not leak").containsEntry("p", "1");

            // inside a caller's transaction the setting is scoped by a savepoint
            db.useTransaction(() -> {
                assertThat(docs.search(SearchRequest.builder(queries[0]).k(10).probes(LISTS).build())).hasSize(10);
                assertThat(db.executeRaw("SELECT current_setting('ivfflat.probes') AS p").get(0).get("p")).isEqualTo("1");
            });
        }
    }

    @Test
    void should_keep_k_results_and_recall_for_filtered_ivfflat_searches() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            float[][] vectors = TestVectors.clustered(N, DIM, 25, 0.3, 13);
            VectorCollection docs = load(db, "docs", CollectionSpec.builder(DIM).metric(Metric.INNER_PRODUCT)
                    .indexType(IndexParams.IndexType.IVFFLAT).lists(LISTS).probes(10).build(), vectors);
            db.executeRaw("ANALYZE docs");
            // 2,500 matches: above the exact-scan cap (2,000), so the index walks with the iterative scan;
            // 1,500 and 100 matches: exact scans of the matches
            for (Filter f : List.of(Filter.gte("i", 500), Filter.eq("half", 1), Filter.lt("i", 100))) {
                float[] q = vectors[5];
                SearchRequest ann = SearchRequest.builder(q).k(20).filter(f).build();
                List<String> got = ids(docs.search(ann));
                List<String> truth = ids(docs.search(ann.toBuilder().exact(true).build()));
                assertThat(got).as("k results for %s", f.toJson()).hasSize(20);
                assertThat(TestVectors.recall(truth, got)).as("recall for %s", f.toJson()).isGreaterThanOrEqualTo(0.9);
            }
        }
    }

    @Test
    void should_store_lists_and_probes_in_the_registry_and_read_them_back_after_reopen() {
        String url = SUPPORT.newSchemaUrl();
        CollectionSpec spec = CollectionSpec.builder(4).metric(Metric.L2).indexType(IndexParams.IndexType.IVFFLAT)
                .lists(64).probes(8).build();
        try (AgentDB db = AgentDB.open(url)) {
            db.createCollection("ivf", spec);
            db.createCollection("graph", CollectionSpec.of(4, Metric.L2));
            Map<String, Object> row = db.executeRaw("SELECT index_type, lists, probes FROM agentdb_collections WHERE name = 'ivf'").get(0);
            assertThat(row).containsEntry("index_type", "IVFFLAT").containsEntry("lists", 64).containsEntry("probes", 8);
            Map<String, Object> hnsw = db.executeRaw("SELECT lists, probes FROM agentdb_collections WHERE name = 'graph'").get(0);
            assertThat(hnsw.get("lists")).isNull();
            assertThat(hnsw.get("probes")).isNull();
        }
        try (AgentDB db = AgentDB.open(url)) {
            assertThat(db.collection("ivf").spec()).isEqualTo(spec);
            assertThat(db.collection("graph").spec()).isEqualTo(CollectionSpec.of(4, Metric.L2));
            assertThat(db.listCollections()).extracting(info -> info.spec().index().type())
                    .containsExactly(IndexParams.IndexType.HNSW, IndexParams.IndexType.IVFFLAT);
            assertThatThrownBy(() -> db.createCollection("ivf", CollectionSpec.builder(4).metric(Metric.L2)
                    .indexType(IndexParams.IndexType.IVFFLAT).lists(64).probes(9).build()))
                    .isInstanceOf(dev.agentdb.ConflictException.class);
        }
    }

    @Test
    void should_index_ivfflat_above_2000_dimensions_as_halfvec_and_refuse_above_4000() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            float[][] vectors = TestVectors.uniform(40, 2_048, 21);
            VectorCollection big = load(db, "big", CollectionSpec.builder(2_048).metric(Metric.INNER_PRODUCT)
                    .indexType(IndexParams.IndexType.IVFFLAT).lists(4).probes(4).build(), vectors);
            List<Map<String, Object>> index = db.executeRaw("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                    + " AND tablename = 'big' AND indexdef LIKE '%ivfflat%'");
            assertThat(index).hasSize(1);
            assertThat(index.get(0).get("indexdef").toString()).contains("halfvec(2048)").contains("halfvec_ip_ops");
            assertThat(big.get(TestVectors.id(3, 4)).orElseThrow().embedding()).isEqualTo(vectors[3]);
            List<SearchResult> hits = big.search(SearchRequest.of(vectors[5], 3));
            assertThat(ids(hits)).containsExactlyElementsOf(
                    TestVectors.exactNearest(Metric.INNER_PRODUCT, allIds(40), vectors, vectors[5], 3));

            assertThatThrownBy(() -> db.createCollection("huge", CollectionSpec.builder(4_001)
                    .indexType(IndexParams.IndexType.IVFFLAT).build()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("4000").hasMessageContaining("IVFFLAT");
        }
    }

    @Test
    void should_build_the_ivfflat_index_of_the_default_collection_on_its_first_batch() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            db.adapter().dropCollection("vectors");
            db.adapter().createCollection("vectors", new CollectionSpec(0, Metric.COSINE, IndexParams.ivfflat(5, 5)));
            float[][] vectors = TestVectors.clustered(200, 8, 5, 0.2, 31);
            List<VectorRecord> records = new ArrayList<>();
            for (int i = 0; i < vectors.length; i++) {
                records.add(VectorRecord.of(TestVectors.id(i, 4), vectors[i], null));
            }
            db.adapter().insertBatch("vectors", records);
            assertThat(db.adapter().collectionSpec("vectors").orElseThrow().dimension()).isEqualTo(8);
            assertThat(db.executeRaw("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'vectors'"
                    + " AND indexdef LIKE '%ivfflat%'")).hasSize(1);
            List<SearchResult> hits = db.adapter().search("vectors", SearchRequest.of(vectors[7], 5));
            assertThat(ids(hits)).containsExactlyElementsOf(TestVectors.exactNearest(Metric.COSINE, allIds(200), vectors, vectors[7], 5));
        }
    }

    /** Migrates a new schema with Flyway up to {@code version} only, as an older library left it. */
    private String schemaAtVersion(int version) {
        String url = SUPPORT.newSchemaUrl();
        PostgresUrl parsed = PostgresUrl.parse(url);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(parsed.jdbcUrl());
        parsed.driverProperties().forEach((k, v) -> {
            try {
                ds.setProperty(k.toString(), v.toString());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Flyway.configure(getClass().getClassLoader()).dataSource(ds).schemas(parsed.schema()).defaultSchema(parsed.schema())
                .createSchemas(true).table(FlywayVersioning.HISTORY_TABLE).locations(PostgresAdapter.SCHEMA_SCRIPTS.flywayLocation())
                .target(Integer.toString(version)).load().migrate();
        assertThat(new FlywayVersioning(ds, PostgresAdapter.SCHEMA_SCRIPTS, parsed.schema()).currentVersion()).isEqualTo(version);
        return url;
    }

    @Test
    void should_upgrade_a_version_1_schema_to_version_2_on_open() {
        String url = schemaAtVersion(1);

        try (AgentDB db = AgentDB.open(url)) {
            assertThat(db.migrationVersion()).isEqualTo(PostgresAdapter.SCHEMA_SCRIPTS.latestVersion());
            db.createCollection("ivf", CollectionSpec.builder(3).indexType(IndexParams.IndexType.IVFFLAT).lists(2).probes(1).build());
            assertThat(db.executeRaw("SELECT probes FROM agentdb_collections WHERE name = 'ivf'").get(0)).containsEntry("probes", 1);
        }
    }

    @Test
    void should_upgrade_a_version_2_schema_to_version_3_keeping_its_collections_and_engine_state() {
        String url = schemaAtVersion(2);
        try (AgentDB v2 = AgentDB.builder().config(AgentDBConfig.builder(url).autoMigrate(false).build()).build()) {
            assertThat(v2.migrationVersion()).isEqualTo(2);
            assertThat(v2.executeRaw("SELECT to_regclass(quote_ident(current_schema()) || '.agentdb_migration_checkpoints') IS NULL AS missing").get(0))
                    .containsEntry("missing", true);
            v2.adapter().writeState("migrate/docs", "{\"rows\":7}");
        }

        try (AgentDB db = AgentDB.open(url)) {
            assertThat(db.migrationVersion()).isEqualTo(3).isEqualTo(PostgresAdapter.SCHEMA_SCRIPTS.latestVersion());
            assertThat(db.adapter().readState("migrate/docs")).contains("{\"rows\":7}");
            assertThat(db.adapter().readState(StateStore.MIGRATION_CHECKPOINTS, "migrate/docs")).isEmpty();
            db.adapter().writeState(StateStore.MIGRATION_CHECKPOINTS, "docs", "{\"rows\":8}");
            assertThat(db.executeRaw("SELECT key, value FROM agentdb_migration_checkpoints"))
                    .containsExactly(Map.of("key", "docs", "value", "{\"rows\":8}"));
        }
    }

    private static String vectorText(float[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.append(']').toString();
    }

    private static List<String> ids(List<SearchResult> results) {
        return results.stream().map(SearchResult::id).collect(Collectors.toList());
    }
}
