package dev.agentdb.examples.hibernate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentdb.AgentDB;
import dev.agentdb.CollectionSpec;
import dev.agentdb.Metric;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.VectorCollection;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.TestBackends;
import dev.agentdb.filter.Filter;
import dev.agentdb.postgres.internal.PostgresUrl;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One PostgreSQL table, two writers: AgentDB's collection {@code notes} and the Hibernate 7 entity
 * {@link Note} mapped onto it with {@code hibernate-vector}. Rows Hibernate persists are found by
 * AgentDB's searches, filters, counts and gets as soon as Hibernate's transaction commits; rows
 * AgentDB writes are read by {@code find}, HQL (also on a metadata key) and Hibernate's vector
 * distance functions. Runs on the test server ({@code AGENTDB_TEST_POSTGRES_URL}; skipped without it,
 * failing under {@code CI=true}), each test in a fresh schema dropped afterwards.
 */
class HibernateInteropIT {
    /** AgentDB rows besides Hibernate's: enough that a k-NN query of k + 4 candidates is answered by the index alone. */
    private static final int AGENTDB_ROWS = 40;
    /**
     * pgJDBC's {@code options}, passed on by AgentDB's URL: with sequential scans off, PostgreSQL's
     * planner answers AgentDB's k-NN query from the HNSW index even on a table this small, so a
     * Hibernate row found by the search was found in the pgvector index.
     */
    private static final String INDEX_ONLY = "options=-c%20enable_seqscan%3Doff";

    /** The schemas this class created, dropped after the last test. */
    private static final List<String> SCHEMAS = new ArrayList<>();
    private static String server;
    private String schema;
    private AgentDB db;
    private VectorCollection notes;
    private HikariDataSource pool;
    private SessionFactory hibernate;

    @BeforeAll
    static void server() {
        server = TestBackends.url("POSTGRES");
    }

    @BeforeEach
    void open() {
        schema = "hib_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        SCHEMAS.add(schema);
        db = AgentDB.open(server + (server.contains("?") ? "&" : "?") + "schema=" + schema + "&" + INDEX_ONLY);
        // AgentDB owns the table: it creates it with its indexes and registers the collection.
        notes = db.createCollection("notes", CollectionSpec.of(Note.DIMENSION, Metric.COSINE));
        pool = pool();
        hibernate = hibernate(pool, schema);
    }

    @AfterEach
    void close() {
        if (hibernate != null) {
            hibernate.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @AfterAll
    static void dropSchemas() {
        if (server == null) {
            return;
        }
        try (AgentDB admin = AgentDB.open(server)) {
            for (String schema : SCHEMAS) {
                admin.executeRaw("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** The application's own pool for Hibernate, to the server AgentDB uses (AgentDB's pool is its own). */
    private static HikariDataSource pool() {
        // Test-only: the adapter's own parser reads every URL form the kit may be given.
        PostgresUrl url = PostgresUrl.parse(server);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setDataSourceProperties(url.driverProperties());
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    /**
     * Hibernate on the same database and schema. {@code validate}: Hibernate checks the entity
     * against the table AgentDB created and refuses to start on a mismatch (it never creates or
     * alters AgentDB's tables).
     */
    private static SessionFactory hibernate(DataSource dataSource, String schema) {
        return new HibernatePersistenceConfiguration("agentdb-notes")
                .managedClass(Note.class)
                .property("jakarta.persistence.nonJtaDataSource", dataSource)
                .schemaToolingAction(Action.VALIDATE)
                .property("hibernate.default_schema", schema)
                // json_value in HQL (a metadata key) is a tech preview in Hibernate 7: opt in
                .property("hibernate.query.hql.json_functions_enabled", "true")
                .createEntityManagerFactory();
    }

    private static float[] unit(double angle) {
        return new float[] {(float) Math.cos(angle), (float) Math.sin(angle), 0.25f};
    }

    private void fillWithAgentDb() {
        List<VectorRecord> rows = new ArrayList<>();
        for (int i = 0; i < AGENTDB_ROWS; i++) {
            rows.add(new VectorRecord("a" + i, unit(i * 0.15), Map.of("topic", i % 2 == 0 ? "even" : "odd", "n", i),
                    "agentdb note " + i, 1_000L + i));
        }
        notes.insertBatch(rows);
    }

    @Test
    void should_find_rows_persisted_by_hibernate_in_agentdb_searches_filters_counts_and_gets() {
        fillWithAgentDb();
        float[] far = {-1f, -1f, -1f}; // far from every AgentDB row: the Hibernate rows are its nearest
        hibernate.inTransaction(s -> {
            s.persist(new Note("h1", new float[] {-1f, -1f, -0.9f}, Map.of("topic", "hibernate", "n", 100, "tags", List.of("orm", "jpa")),
                    "written by Hibernate", 5_000L));
            s.persist(new Note("h2", new float[] {-1f, -0.9f, -1f}, Map.of("topic", "hibernate", "n", 101, "weight", 0.5),
                    null, 5_001L));
            s.persist(new Note("h3", new float[] {-0.9f, -1f, -1f}, Map.of("topic", "other", "nested", Map.of("city", "Lyon")),
                    "third", 5_002L));
        });

        // Nothing to tell AgentDB: the next call sees the committed rows.
        assertThat(notes.count()).isEqualTo(AGENTDB_ROWS + 3);
        assertThat(notes.count(Filter.eq("topic", "hibernate"))).isEqualTo(2);
        assertThat(notes.count(Filter.eq("nested.city", "Lyon"))).isEqualTo(1);
        assertThat(notes.count(Filter.and(Filter.eq("tags", "jpa"), Filter.gte("n", 100)))).isEqualTo(1);

        VectorRecord h1 = notes.get("h1").orElseThrow();
        assertThat(h1.embedding()).containsExactly(-1f, -1f, -0.9f);
        assertThat(h1.metadata()).containsEntry("topic", "hibernate").containsEntry("n", 100L).containsEntry("tags", List.of("orm", "jpa"));
        assertThat(h1.text()).isEqualTo("written by Hibernate");
        assertThat(h1.timestamp()).isEqualTo(5_000L);
        assertThat(notes.get("h2").orElseThrow().metadata()).containsEntry("weight", 0.5);

        // The unfiltered k-NN query is answered by the pgvector HNSW index, which PostgreSQL
        // updated inside Hibernate's INSERT: the Hibernate rows are in it.
        assertThat(plan("SELECT id FROM " + schema + ".notes ORDER BY embedding <=> '[-1,-1,-1]'::vector LIMIT 7"))
                .contains("Index Scan using agentdb_notes_hnsw");
        List<SearchResult> nearest = notes.search(far, 3);
        assertThat(nearest).extracting(SearchResult::id).containsExactlyInAnyOrder("h1", "h2", "h3");
        assertThat(nearest.get(0).score()).isGreaterThan(0.99);

        assertThat(notes.search(SearchRequest.builder(unit(0)).k(5).filter(Filter.eq("topic", "hibernate")).build()))
                .extracting(SearchResult::id).containsExactly("h1", "h2"); // cosine similarity to (1, 0, .25): h1 -0.709, h2 -0.724
        assertThat(notes.find(Filter.in("topic", "hibernate", "other"), 10)).extracting(VectorRecord::id)
                .containsExactlyInAnyOrder("h1", "h2", "h3");

        // Hibernate updates and deletes are seen the same way.
        hibernate.inTransaction(s -> {
            s.find(Note.class, "h3").setEmbedding(new float[] {1f, 0f, 0.25f});
            s.remove(s.find(Note.class, "h2"));
        });
        assertThat(notes.get("h2")).isEmpty();
        assertThat(notes.count()).isEqualTo(AGENTDB_ROWS + 2);
        assertThat(notes.search(unit(0), 1).get(0)).satisfies(hit -> {
            assertThat(hit.id()).isIn("a0", "h3"); // both now lie on (1, 0, .25)
            assertThat(hit.score()).isCloseTo(1.0, within(1e-6));
        });
        assertThat(notes.search(far, 1).get(0).id()).isEqualTo("h1");
    }

    @Test
    void should_read_rows_written_by_agentdb_with_find_hql_and_vector_functions() {
        fillWithAgentDb();
        notes.insert(new VectorRecord("x", new float[] {0.5f, -0.25f, 2f}, Map.of("topic", "agentdb", "n", 7, "nested", Map.of("k", "v")),
                "inserted by AgentDB", null));

        hibernate.inTransaction(s -> {
            Note x = s.find(Note.class, "x");
            assertThat(x.getEmbedding()).containsExactly(0.5f, -0.25f, 2f);
            assertThat(x.getMetadata()).containsEntry("topic", "agentdb").containsEntry("nested", Map.of("k", "v"));
            assertThat(((Number) x.getMetadata().get("n")).longValue()).isEqualTo(7L);
            assertThat(x.getText()).isEqualTo("inserted by AgentDB");
            assertThat(x.getTimestamp()).as("AgentDB stamped it: epoch ms").isGreaterThan(1_600_000_000_000L);

            assertThat(s.createSelectionQuery("select count(*) from Note", Long.class).getSingleResult())
                    .isEqualTo(AGENTDB_ROWS + 1);
            assertThat(s.createSelectionQuery("from Note where text like 'agentdb note 1%' order by id", Note.class).getResultList())
                    .extracting(Note::getId).containsExactly("a1", "a10", "a11", "a12", "a13", "a14", "a15", "a16", "a17", "a18", "a19");
            // a metadata key in HQL: Hibernate 7's json_value (jsonb_path_query_first on PostgreSQL before 17)
            assertThat(s.createSelectionQuery("select id from Note where json_value(metadata, '$.topic') = :topic order by id", String.class)
                    .setParameter("topic", "agentdb").getResultList()).containsExactly("x");
            assertThat(s.createSelectionQuery("select count(*) from Note where json_value(metadata, '$.topic') = 'odd'", Long.class)
                    .getSingleResult()).isEqualTo(AGENTDB_ROWS / 2);
        });

        // hibernate-vector's cosine_distance ranks AgentDB's rows as AgentDB does.
        float[] query = unit(1.0);
        List<String> byHibernate = hibernate.fromTransaction(s -> s.createSelectionQuery(
                "select id from Note order by cosine_distance(embedding, :q), id limit 5", String.class)
                .setParameter("q", query).getResultList());
        assertThat(byHibernate).containsExactlyElementsOf(
                notes.search(SearchRequest.builder(query).k(5).exact(true).build()).stream().map(SearchResult::id).toList());
    }

    private String plan(String sql) {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> row : db.executeRaw("EXPLAIN " + sql)) {
            text.append(row.values()).append('\n');
        }
        return text.toString();
    }
}
