package dev.agentdb.postgres;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.IndexParams;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.filter.Filter;
import dev.agentdb.migrations.FlywayVersioning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostgreSQL-specific behaviour beyond the kit: halfvec, index use, filtered recall, schema versions, savepoints. */
class PostgresAdapterIT {
    @RegisterExtension
    static final PostgresTestSupport SUPPORT = new PostgresTestSupport();

    private static float[] random(Random r, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void should_index_dimensions_above_2000_as_halfvec_and_keep_float32_embeddings() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            VectorCollection big = db.createCollection("big", CollectionSpec.of(2_048, Metric.COSINE));
            Random r = new Random(7);
            List<VectorRecord> records = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                records.add(VectorRecord.of("r" + i, random(r, 2_048), Map.of("i", i)));
            }
            big.insertBatch(records);
            assertThat(big.get("r3").orElseThrow().embedding()).isEqualTo(records.get(3).embedding());
            List<SearchResult> hits = big.search(SearchRequest.of(records.get(5).embedding(), 3));
            assertThat(hits.get(0).id()).isEqualTo("r5");
            assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            List<Map<String, Object>> index = db.executeRaw("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'big'"
                    + " AND indexdef LIKE '%hnsw%'");
            assertThat(index).hasSize(1);
            assertThat(index.get(0).get("indexdef").toString()).contains("halfvec(2048)").contains("halfvec_cosine_ops");

            assertThatThrownBy(() -> db.createCollection("huge", CollectionSpec.of(4_001, Metric.L2)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("4000").hasMessageContaining("flat");
            VectorCollection flat = db.createCollection("huge", CollectionSpec.builder(4_001).indexType(IndexParams.IndexType.FLAT).build());
            flat.insert(VectorRecord.of("x", random(r, 4_001), null));
            assertThat(flat.search(SearchRequest.of(random(r, 4_001), 1))).hasSize(1);
        }
    }

    @Test
    void should_plan_an_unfiltered_search_as_an_hnsw_index_scan() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            VectorCollection docs = db.createCollection("docs", CollectionSpec.of(8, Metric.L2));
            Random r = new Random(1);
            List<VectorRecord> records = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                records.add(VectorRecord.of("d" + i, random(r, 8), null));
            }
            docs.insertBatch(records);
            db.executeRaw("ANALYZE docs");
            // the statement shape PostgresAdapter.doSearch sends for an index search without filter
            String plan = db.executeRaw("EXPLAIN SELECT id, embedding::text, metadata::text, text FROM docs WHERE TRUE"
                    + " ORDER BY embedding <-> ?::vector LIMIT ?", "[1,0,0,0,0,0,0,0]", 14).stream()
                    .map(row -> row.values().iterator().next().toString()).collect(Collectors.joining("\n"));
            assertThat(plan).contains("Index Scan using agentdb_docs_hnsw");
            assertThat(docs.search(SearchRequest.of(records.get(9).embedding(), 1)).get(0).id()).isEqualTo("d9");
        }
    }

    @Test
    void should_keep_recall_when_filters_are_selective_or_broad() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            VectorCollection docs = db.createCollection("docs", CollectionSpec.of(16, Metric.COSINE));
            Random r = new Random(3);
            List<VectorRecord> records = new ArrayList<>();
            for (int i = 0; i < PostgresAdapter.BULK_LOAD_MIN_ROWS; i++) {
                records.add(VectorRecord.of("d" + i, random(r, 16), Map.of("rare", i % 100 == 0, "half", i % 2)));
            }
            docs.insertBatch(records); // bulk path: index dropped, COPY, index built once
            assertThat(db.executeRaw("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'docs' AND indexname = 'agentdb_docs_hnsw'"))
                    .hasSize(1);
            db.executeRaw("ANALYZE docs");
            for (Filter f : List.of(Filter.eq("rare", true), Filter.eq("half", 1))) {
                float[] q = random(r, 16);
                SearchRequest ann = SearchRequest.builder(q).k(50).filter(f).build();
                List<String> got = ids(docs.search(ann));
                List<String> truth = ids(docs.search(ann.toBuilder().exact(true).build()));
                assertThat(got).as("k results for %s", f.toJson()).hasSize(truth.size());
                long hits = got.stream().filter(truth::contains).count();
                assertThat(hits / (double) truth.size()).as("recall for %s", f.toJson()).isGreaterThanOrEqualTo(0.9);
            }
            assertThat(docs.search(SearchRequest.builder(random(r, 16)).k(100).filter(Filter.eq("rare", true)).build()))
                    .hasSize(PostgresAdapter.BULK_LOAD_MIN_ROWS / 100);
        }
    }

    @Test
    void should_refuse_a_schema_written_by_a_newer_library() {
        String url = SUPPORT.newSchemaUrl();
        try (AgentDB db = AgentDB.open(url)) {
            assertThat(db.migrationVersion()).isEqualTo(PostgresAdapter.SCHEMA_SCRIPTS.latestVersion());
            assertThat(db.adapter().runMigration()).isEqualTo(PostgresAdapter.SCHEMA_SCRIPTS.latestVersion());
            db.executeRaw("INSERT INTO " + FlywayVersioning.HISTORY_TABLE + " (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql',"
                    + " 'test', 0, true)");
            assertThat(db.migrationVersion()).isEqualTo(99);
        }
        assertThatThrownBy(() -> AgentDB.open(url)).isInstanceOf(ConflictException.class)
                .hasMessage("database schema version 99 is newer than this library supports (" + PostgresAdapter.SCHEMA_SCRIPTS.latestVersion()
                        + "); upgrade AgentDB");
        assertThatThrownBy(() -> AgentDB.open(AgentDBConfig.builder(url).autoMigrate(false).build()))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void should_let_a_transaction_continue_after_a_refused_insert_inside_it() {
        try (AgentDB db = AgentDB.open(SUPPORT.newSchemaUrl())) {
            VectorCollection docs = db.createCollection("docs", CollectionSpec.of(2, Metric.COSINE));
            docs.insert(VectorRecord.of("a", new float[] {1, 0}, null));
            db.useTransaction(() -> {
                docs.insert(VectorRecord.of("b", new float[] {0, 1}, null));
                assertThatThrownBy(() -> docs.insert(VectorRecord.of("a", new float[] {1, 1}, null)))
                        .isInstanceOf(ConflictException.class).hasMessageContaining("'a'");
                docs.insert(VectorRecord.of("c", new float[] {1, 1}, Map.of("k", "v")));
                assertThat(docs.search(SearchRequest.builder(new float[] {1, 1}).k(1).exact(true).build()).get(0).id()).isEqualTo("c");
            });
            assertThat(docs.count()).isEqualTo(3);
            assertThat(db.health().detail()).contains("pgvector").contains("PostgreSQL");
        }
    }

    @Test
    void should_name_the_server_without_its_password_when_it_cannot_connect() {
        assertThatThrownBy(() -> AgentDB.open(AgentDBConfig.builder("postgresql://u:hunter2@127.0.0.1:1/db")
                .connectTimeoutMs(500).build()))
                .isInstanceOf(dev.agentdb.BackendUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void should_name_the_missing_extension_when_the_user_cannot_create_it() throws SQLException {
        String suffix = Long.toHexString(System.nanoTime());
        String role = "agentdb_plain_" + suffix;
        String database = "agentdb_noext_" + suffix;
        try (java.sql.Connection c = PostgresTestSupport.connect(); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER");
            st.execute("CREATE DATABASE " + database + " OWNER " + role);
        }
        try {
            dev.agentdb.postgres.internal.PostgresUrl base = dev.agentdb.postgres.internal.PostgresUrl.parse(PostgresTestSupport.baseUrl());
            String host = base.jdbcUrl().substring("jdbc:postgresql://".length(), base.jdbcUrl().lastIndexOf('/'));
            assertThatThrownBy(() -> AgentDB.open("postgresql://" + role + ":pw@" + host + "/" + database))
                    .isInstanceOf(dev.agentdb.BackendUnavailableException.class)
                    .hasMessageContaining("extension 'vector'")
                    .hasMessageContaining("CREATE EXTENSION vector")
                    .hasMessageNotContaining(":pw@");
        } finally {
            try (java.sql.Connection c = PostgresTestSupport.connect(); java.sql.Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database);
                st.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    private static List<String> ids(List<SearchResult> results) {
        return results.stream().map(SearchResult::id).collect(Collectors.toList());
    }
}
