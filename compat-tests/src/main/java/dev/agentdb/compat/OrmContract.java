package dev.agentdb.compat;

import dev.agentdb.CollectionSpec;
import dev.agentdb.ConflictException;
import dev.agentdb.DimensionMismatchException;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Metric;
import dev.agentdb.NotFoundException;
import dev.agentdb.SearchRequest;
import dev.agentdb.SearchResult;
import dev.agentdb.Sort;
import dev.agentdb.VectorRecord;
import dev.agentdb.compat.orm.Broken;
import dev.agentdb.compat.orm.Everything;
import dev.agentdb.compat.orm.Item;
import dev.agentdb.compat.orm.Items;
import dev.agentdb.compat.orm.Kind;
import dev.agentdb.compat.orm.Note;
import dev.agentdb.compat.orm.Row;
import dev.agentdb.compat.orm.User;
import dev.agentdb.compat.orm.Doc;
import dev.agentdb.filter.Filter;
import dev.agentdb.orm.Repositories;
import dev.agentdb.orm.mapping.EntityMapping;
import dev.agentdb.orm.query.Condition;
import dev.agentdb.orm.query.EntityQuery;
import dev.agentdb.orm.query.Hit;
import dev.agentdb.orm.query.Op;
import dev.agentdb.orm.repository.EntityRepository;
import jakarta.data.Direction;
import jakarta.data.Limit;
import jakarta.data.Order;
import jakarta.data.exceptions.EmptyResultException;
import jakarta.data.page.Page;
import jakarta.data.page.PageRequest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract: the ORM ({@code agentdb-orm}) over this backend. Entities of every supported property type
 * round-trip; query-builder rows (condition x order x offset x limit) return exactly what the
 * reference says ({@link Filter#test} and {@link Sort#comparator} over the entities' records, the
 * oracle every backend's find is checked against); similarity queries with conditions agree with
 * exact searches; 10,000 entities stream lazily page by page and page with Jakarta Data's
 * {@code PageRequest}; repository methods keep Jakarta Data's meaning; a Jakarta Data repository
 * interface is implemented at run time; mapping errors are typed and raised when a repository is created.
 */
public interface OrmContract extends CompatFixture {

    /** Every supported property type reads back equal through findById, the query builder and a similarity hit. */
    @Test
    default void should_round_trip_an_entity_of_every_supported_type() {
        EntityRepository<Everything, String> repo = Repositories.of(db(), Everything.class);
        Everything sample = Everything.sample();
        assertThat(repo.insert(sample)).isSameAs(sample);

        Everything expected = new Everything(sample.id(), sample.embedding(), sample.body(), sample.created(), sample.s(), sample.i(),
                sample.l(), sample.d(), sample.f(), sample.b(), sample.sh(), sample.by(), sample.boxed(), sample.big(), sample.kind(),
                sample.uuid(), sample.at(), sample.day(), sample.address(), sample.tags(), sample.numbers(), sample.attrs(),
                sample.history(), sample.javaName(), null);
        assertThat(repo.findById("e1")).get().usingRecursiveComparison().isEqualTo(expected);
        assertThat(repo.query().where("kind", Op.EQ, Kind.BETA).where("uuid", Op.EQ, sample.uuid())
                .where("day", Op.EQ, LocalDate.of(1999, 12, 31)).where("javaName", Op.EQ, "stored renamed")
                .where("address.city", Op.EQ, "Paris").find())
                .singleElement().usingRecursiveComparison().isEqualTo(expected);
        awaitSearchable(repo.collection(), 1);
        List<Hit<Everything>> hits = repo.query().similarTo(sample.embedding(), 1).find();
        assertThat(hits).singleElement().satisfies(h -> {
            assertThat(h.entity()).usingRecursiveComparison().isEqualTo(expected);
            assertThat(h.distance()).isEqualTo(0.0);
        });

        VectorRecord stored = repo.collection().get("e1").orElseThrow();
        assertThat(stored.metadata()).containsEntry("kind", "BETA").containsEntry("at", -1_000L).containsEntry("day", "1999-12-31")
                .containsEntry("renamed", "stored renamed").doesNotContainKeys("skipped", "javaName", "body", "created");
        assertThat(stored.text()).isEqualTo(sample.body());
        assertThat(stored.timestamp()).isEqualTo(1_700_000_000_123L);
    }

    /** A class entity with a numeric id; generated String ids; insert, update, save, delete, count in Jakarta Data's meaning. */
    @Test
    default void should_keep_the_repository_methods_meaning() {
        EntityRepository<Note, Long> notes = Repositories.of(db(), Note.class);
        notes.insertAll(List.of(new Note(1L, new float[] {1, 0}, "one", List.of("a")), new Note(2L, new float[] {0, 1}, "two", List.of())));
        assertThat(notes.count()).isEqualTo(2);
        assertThat(notes.findById(1L)).get().satisfies(n -> {
            assertThat(n.id).isEqualTo(1L);
            assertThat(n.title).isEqualTo("one");
            assertThat(n.labels).containsExactly("a");
            assertThat(n.embedding).containsExactly(1, 0);
        });
        assertThatThrownBy(() -> notes.insert(new Note(1L, new float[] {1, 1}, "again", List.of()))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> notes.update(new Note(3L, new float[] {1, 1}, "missing", List.of()))).isInstanceOf(NotFoundException.class);
        assertThat(notes.findById(3L)).isEmpty();
        assertThatThrownBy(() -> notes.save(new Note(null, new float[] {1, 1}, "no id", List.of())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Note.id");

        notes.update(new Note(2L, new float[] {0, 1}, "two updated", List.of("b")));
        assertThat(notes.findById(2L)).get().extracting(n -> n.title).isEqualTo("two updated");
        notes.save(new Note(3L, new float[] {1, 1}, "three", List.of()));
        assertThat(notes.count()).isEqualTo(3);
        notes.deleteById(1L);
        notes.delete(notes.findById(3L).orElseThrow());
        assertThat(notes.findAll().map(n -> n.id)).containsExactly(2L);
        notes.deleteAll(List.of(notes.findById(2L).orElseThrow()));
        assertThat(notes.count()).isZero();

        EntityRepository<Row, String> rows = Repositories.of(db(), Row.class);
        Row saved = rows.save(new Row(null, new float[] {1, 2}, 5));
        assertThat(saved.id()).isNotNull();
        assertThat(rows.findById(saved.id())).get().usingRecursiveComparison().isEqualTo(saved);
        assertThat(rows.deleteAll()).isEqualTo(1);
    }

    /**
     * Every row of conditions x orders x pages returns exactly the ids of the reference (Filter.test,
     * then Sort.comparator, then offset and limit, over the corpus's records), and count agrees.
     */
    @Test
    default void should_answer_every_query_builder_row_like_the_reference() {
        EntityRepository<Item, String> items = Repositories.of(db(), Item.class);
        items.saveAll(Item.corpus());
        EntityMapping<Item> mapping = items.mapping();
        List<VectorRecord> records = Item.corpus().stream().map(mapping::toRecord).toList();

        List<Condition> conditions = List.of(
                Condition.and(),
                Condition.of("n", Op.EQ, 3), Condition.of("n", Op.NE, 3), Condition.of("n", Op.GT, 10), Condition.of("n", Op.GTE, 10),
                Condition.of("n", Op.LT, 5), Condition.of("n", Op.LTE, 5), Condition.of("price", Op.GT, 2.5),
                Condition.of("kind", Op.IN, List.of(Kind.ALPHA, Kind.GAMMA)), Condition.of("kind", Op.NIN, new Kind[] {Kind.BETA}),
                Condition.of("name", Op.EXISTS, false), Condition.of("name", Op.EQ, null), Condition.of("name", Op.GTE, "a"),
                Condition.of("tags", Op.EQ, "t1"), Condition.of("address.city", Op.EQ, "Paris"),
                Condition.of("address.zip", Op.IN, List.of(1001, 1003)), Condition.of("day", Op.GTE, LocalDate.of(2024, 6, 1)),
                Condition.or(Condition.of("n", Op.LT, 3), Condition.of("kind", Op.EQ, Kind.GAMMA)),
                Condition.not(Condition.and(Condition.of("n", Op.GT, 5), Condition.of("price", Op.LT, 6))),
                Condition.and(Condition.of("address", Op.EXISTS, true), Condition.not(Condition.of("tags", Op.IN, List.of("u1")))));
        List<List<Object[]>> orders = List.of(List.of(), List.<Object[]>of(new Object[] {"n", Direction.DESC}),
                List.of(new Object[] {"name", Direction.ASC}, new Object[] {"price", Direction.DESC}),
                List.<Object[]>of(new Object[] {"created", Direction.DESC}), List.<Object[]>of(new Object[] {"id", Direction.DESC}),
                List.of(new Object[] {"address.city", Direction.ASC}, new Object[] {"day", Direction.DESC}));
        long[][] pages = {{0, Long.MAX_VALUE}, {0, 7}, {5, 10}, {50, 20}};

        List<String> failures = new ArrayList<>();
        int rows = 0;
        for (Condition condition : conditions) {
            Filter filter = condition.toFilter(mapping);
            for (List<Object[]> order : orders) {
                List<Sort> sorts = order.stream().map(o -> mapping.sort("orderBy", (String) o[0], o[1] == Direction.ASC)).toList();
                for (long[] page : pages) {
                    EntityQuery<Item> q = items.query().where(condition).offset(page[0]).pageSize(4);
                    order.forEach(o -> q.orderBy((String) o[0], (Direction) o[1]));
                    if (page[1] != Long.MAX_VALUE) {
                        q.limit(page[1]);
                    }
                    List<String> expected = records.stream().filter(r -> filter.test(r.metadata())).sorted(Sort.comparator(sorts))
                            .skip(page[0]).limit(page[1]).map(VectorRecord::id).toList();
                    List<String> actual = q.find().stream().map(Item::id).toList();
                    rows++;
                    if (!actual.equals(expected)) {
                        failures.add(filter.toJson() + " order " + sorts + " offset " + page[0] + " limit " + page[1]
                                + ": expected " + expected + " but was " + actual);
                    }
                    if (q.count() != expected.size()) {
                        failures.add(filter.toJson() + " offset " + page[0] + " limit " + page[1] + ": count " + q.count()
                                + " but expected " + expected.size());
                    }
                }
            }
        }
        assertThat(failures).as("%d of %d query-builder rows differ from the reference", failures.size(), rows).isEmpty();
        assertThat(items.query().where("n", Op.EQ, 3).first().map(Item::id)).contains("i03");
    }

    /** Similarity with conditions returns the exact search's hits (ids, scores, distances), threshold drops the far ones. */
    @Test
    default void should_find_similar_entities_with_conditions_like_an_exact_search() {
        EntityRepository<Item, String> items = Repositories.of(db(), Item.class);
        items.saveAll(Item.corpus());
        awaitSearchable(items.collection(), Item.COUNT);
        float[] query = {0.3f, -0.2f, 2f, 0.5f};
        Filter filter = Filter.in("kind", "ALPHA", "GAMMA");
        for (Metric metric : new Metric[] {null, Metric.COSINE}) {
            List<SearchResult> exact = items.collection().search(SearchRequest.builder(query).k(8).metric(metric).filter(filter).exact(true).build());
            for (boolean exactQuery : new boolean[] {true, false}) {
                List<Hit<Item>> hits = items.query().similarTo(query, 8, metric).where("kind", Op.IN, List.of(Kind.ALPHA, Kind.GAMMA))
                        .efSearch(Item.COUNT).exact(exactQuery).find();
                assertThat(hits).extracting(h -> h.entity().id()).as("metric %s exact %s", metric, exactQuery)
                        .containsExactlyElementsOf(exact.stream().map(SearchResult::id).toList());
                for (int i = 0; i < hits.size(); i++) {
                    assertThat(hits.get(i).score()).isCloseTo(exact.get(i).score(), org.assertj.core.data.Offset.offset(1e-5));
                    assertThat(hits.get(i).distance()).isCloseTo(exact.get(i).distance(), org.assertj.core.data.Offset.offset(1e-5));
                    assertThat(hits.get(i).entity().kind()).isNotEqualTo(Kind.BETA);
                    assertThat(hits.get(i).entity().created()).isNotNull();
                }
            }
        }
        double cut = items.query().similarTo(query, 8).exact(true).find().get(3).score();
        assertThat(items.query().similarTo(query, 8).threshold(cut).exact(true).find()).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(h -> assertThat(h.score()).isGreaterThanOrEqualTo(cut));
    }

    /**
     * 10,000 entities stream lazily (a record written after the stream started is seen at its end,
     * one deleted is not), in id order and in another order, and page with Jakarta Data's PageRequest.
     */
    @Test
    default void should_stream_and_page_ten_thousand_entities_lazily() {
        EntityRepository<Row, String> rows = Repositories.of(db(), Row.class);
        int count = 10_000;
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new Row(String.format("r%05d", i), new float[] {i % 100, i / 100f}, (int) ((i * 7919L) % count)));
            if (batch.size() == 1_000) {
                rows.saveAll(batch);
                batch.clear();
            }
        }
        Runtime rt = Runtime.getRuntime();
        long[] heap = new long[2];
        int[] seen = new int[1];
        String[] previous = {""};
        try (Stream<Row> s = rows.query().pageSize(250).stream()) {
            Iterator<Row> it = s.iterator();
            assertThat(it.next().id()).isEqualTo("r00000");
            rows.save(new Row("r99999", new float[] {0, 0}, -1));
            rows.deleteById("r09999");
            seen[0] = 1;
            while (it.hasNext()) {
                Row r = it.next();
                assertThat(r.id()).isGreaterThan(previous[0]);
                previous[0] = r.id();
                if (++seen[0] == 1_000) {
                    heap[0] = usedAfterGc(rt);
                }
            }
            heap[1] = usedAfterGc(rt);
        }
        assertThat(seen[0]).isEqualTo(count);
        assertThat(previous[0]).isEqualTo("r99999");
        System.out.printf("OrmContract: streamed %,d entities in pages of 250; heap used after GC at entity 1,000: %,d KiB, at the end: %,d KiB%n",
                seen[0], heap[0] / 1024, heap[1] / 1024);

        List<Integer> byN = new ArrayList<>();
        rows.query().orderBy("n", Direction.DESC).pageSize(1_000).stream().forEach(r -> byN.add(r.n()));
        assertThat(byN).hasSize(count).endsWith(-1).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(rows.query().where("n", Op.LT, 100).count()).as("n 0..99 and r99999's -1").isEqualTo(101);

        Page<Row> page = rows.findAll(PageRequest.ofPage(3, 100, true), Order.by(jakarta.data.Sort.desc("n")));
        assertThat(page.content()).extracting(Row::n).containsExactlyElementsOf(byN.subList(200, 300));
        assertThat(page.totalElements()).isEqualTo(count);
        assertThat(page.hasNext()).isTrue();
        Page<Row> last = rows.findAll(PageRequest.ofPage(100, 100, false), Order.by(jakarta.data.Sort.desc("n")));
        assertThat(last.content()).extracting(Row::n).containsExactlyElementsOf(byN.subList(9_900, 10_000));
        assertThat(last.hasNext()).isFalse();
    }

    private static long usedAfterGc(Runtime rt) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Mapping errors are typed, name the class and field, and come when the repository is created; typos name the known properties. */
    @Test
    default void should_refuse_mapping_errors_when_the_repository_is_created() {
        assertThatThrownBy(() -> Repositories.of(db(), Broken.NoId.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NoId").hasMessageContaining("@Id");
        assertThatThrownBy(() -> Repositories.of(db(), Broken.TwoEmbeddings.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("TwoEmbeddings.b");
        assertThatThrownBy(() -> Repositories.of(db(), Broken.OldDate.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("OldDate.when").hasMessageContaining("java.util.Date");
        assertThat(db().listCollections()).isEmpty();
        assertThatThrownBy(() -> Repositories.of(db(), Item.class, false)).as("autoCreate off").isInstanceOf(NotFoundException.class)
                .hasMessageContaining("orm_items").hasMessageContaining("autoCreate");
        assertThatThrownBy(() -> Repositories.implement(db(), Items.class, false)).isInstanceOf(NotFoundException.class);
        assertThat(db().listCollections()).as("nothing created with autoCreate off").isEmpty();

        db().createCollection("orm_items", CollectionSpec.of(4, Metric.L2));
        assertThatThrownBy(() -> Repositories.of(db(), Broken.OtherDimension.class)).isInstanceOf(DimensionMismatchException.class)
                .hasMessageContaining("OtherDimension.v").hasMessageContaining("orm_items");
        assertThatThrownBy(() -> Repositories.of(db(), Broken.OtherMetric.class)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("OtherMetric.v").hasMessageContaining("cosine");

        EntityRepository<Item, String> items = Repositories.of(db(), Item.class);
        assertThatThrownBy(() -> items.query().where("nmae", Op.EQ, "x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Item").hasMessageContaining("'nmae'").hasMessageContaining("name");
        assertThatThrownBy(() -> items.query().orderBy("address.town")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Address").hasMessageContaining("city");
        assertThatThrownBy(() -> items.query().where("kind", Op.IN, "ALPHA")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("where(kind)");
        assertThatThrownBy(() -> items.save(new Item("x", new float[] {1, Float.NaN, 0, 0}, null, null, 0, 0, Kind.ALPHA, List.of(), null, null)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(items.count()).isZero();
    }

    /** A Jakarta Data repository interface is implemented at run time: inherited, @Find (every parameter kind and result), default methods. */
    @Test
    default void should_implement_a_declarative_repository() {
        Items items = Repositories.implement(db(), Items.class);
        items.saveAll(Item.corpus());
        awaitSearchable(Repositories.of(db(), Item.class).collection(), Item.COUNT);
        List<Item> corpus = Item.corpus();

        assertThat(items.byKind(Kind.GAMMA, Order.by(jakarta.data.Sort.asc("n"), jakarta.data.Sort.asc("id")))).extracting(Item::id)
                .containsExactlyElementsOf(corpus.stream().filter(i -> i.kind() == Kind.GAMMA)
                        .sorted(Comparator.comparingInt(Item::n).thenComparing(Item::id)).map(Item::id).toList());
        assertThat(items.byCity("Paris", Limit.of(3))).extracting(Item::id)
                .containsExactlyElementsOf(corpus.stream().filter(i -> i.address() != null && i.address().city().equals("Paris"))
                        .sorted(Comparator.comparingInt(Item::n).reversed().thenComparing(Item::id)).limit(3).map(Item::id).toList());
        assertThat(items.byIdAndKind("i03", Kind.ALPHA)).get().extracting(Item::id).isEqualTo("i03");
        assertThat(items.byIdAndKind("i03", Kind.BETA)).isEmpty();
        assertThat(items.single("Banana", 1).id()).isEqualTo("i01");
        assertThatThrownBy(() -> items.single("nobody", 0)).isInstanceOf(EmptyResultException.class);
        assertThat(items.countKind(Kind.BETA)).isEqualTo(corpus.stream().filter(i -> i.kind() == Kind.BETA).count());
        Page<Item> page = items.page(Kind.ALPHA, PageRequest.ofPage(2, 5, true), jakarta.data.Sort.desc("price"));
        assertThat(page.content()).extracting(Item::id).containsExactlyElementsOf(corpus.stream().filter(i -> i.kind() == Kind.ALPHA)
                .sorted(Comparator.comparingDouble(Item::price).reversed().thenComparing(Item::id)).skip(5).limit(5).map(Item::id).toList());
        assertThat(page.totalElements()).isEqualTo(corpus.stream().filter(i -> i.kind() == Kind.ALPHA).count());
        float[] query = {0.3f, -0.2f, 2f, 0.5f};
        assertThat(items.similar(query, Kind.GAMMA)).extracting(h -> h.entity().id()).containsExactlyElementsOf(
                Repositories.<Item, String>of(db(), Item.class).query().similarTo(query, 5).where("kind", Op.EQ, Kind.GAMMA).exact(true)
                        .find().stream().map(h -> h.entity().id()).toList());
        assertThat(items.findById("i05")).get().extracting(Item::n).isEqualTo(5);
        items.deleteById("i05");
        assertThat(items.findAll().count()).isEqualTo(Item.COUNT - 1);

        assertThatThrownBy(() -> Repositories.implement(db(), Items.Misspelt.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Misspelt.byName").hasMessageContaining("'nmae'").hasMessageContaining("name");
        assertThatThrownBy(() -> Repositories.implement(db(), Items.Unsupported.class)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Unsupported.findByName");
    }

    /** The two queries of the README (and of issue 13), as written there. */
    @Test
    default void should_run_the_readme_queries() {
        EntityRepository<User, String> users = Repositories.of(db(), User.class);
        for (int i = 0; i < 30; i++) {
            users.save(new User("u" + i, new float[] {1, i, 0}, Instant.ofEpochMilli(1_000L * (i % 20)), i % 3 == 0 ? "admin" : "user"));
        }
        List<User> admins = users.query()
                .where("role", Op.EQ, "admin")
                .orderBy("timestamp", Direction.DESC)
                .limit(10)
                .find();
        assertThat(admins).extracting(User::id).containsExactly("u18", "u15", "u12", "u9", "u27", "u6", "u24", "u3", "u21", "u0");

        EntityRepository<Doc, String> docs = Repositories.of(db(), Doc.class);
        docs.saveAll(List.of(new Doc("d1", new float[] {1, 0, 0}, "one", "tech"), new Doc("d2", new float[] {0.9f, 0.1f, 0}, "two", "art"),
                new Doc("d3", new float[] {0, 1, 0}, "three", "science"), new Doc("d4", new float[] {0.8f, 0.3f, 0}, "four", "science")));
        awaitSearchable(docs.collection(), 4);
        float[] embedding = {1, 0.1f, 0};
        List<Hit<Doc>> similar = Repositories.<Doc, String>of(db(), Doc.class).query()
                .similarTo(embedding, 5, Metric.COSINE)
                .where("category", Op.IN, List.of("tech", "science"))
                .find();
        assertThat(similar).extracting(h -> h.entity().id()).containsExactly("d1", "d4", "d3");
        assertThat(similar.get(0).entity().body()).isEqualTo("one");
        assertThat(similar.get(0).score()).isCloseTo(1 - similar.get(0).distance(), org.assertj.core.data.Offset.offset(1e-9));
    }
}
