package dev.agentdb.mongodb;

import dev.agentdb.filter.Filter;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates the portable {@link Filter} into a MongoDB query document, by a {@link Filter.Visitor}
 * (values are BSON values of the query, never text spliced into it), with exactly the semantics of
 * {@link Filter#test}, which differ from MongoDB's own in three places that this translation closes:
 * <ul>
 *   <li><b>Paths through arrays.</b> MongoDB resolves {@code a.b} through an array of documents
 *       ({@code {a: [{b: 1}]}} matches {@code a.b = 1}); {@code Filter.test} does not (the path is
 *       missing). Every leaf on a path of two or more segments is guarded: no prefix of the path may
 *       be an array ({@code {"metadata.a": {$not: {$type: "array"}}}}).</li>
 *   <li><b>Negations.</b> {@code ne}, {@code nin} and {@code exists(false)} are written as
 *       {@code $nor} of the guarded positive leaf, so a path that {@code Filter.test} sees as missing
 *       (an array on the way) matches them, as it must.</li>
 *   <li><b>{@code null}.</b> MongoDB's {@code {a: null}} also matches an array holding null;
 *       {@code eq(a, null)} matches a missing path or a null scalar only: {@code $nor} of "resolves",
 *       or a null that is not an array. {@code ne(a, null)} is its negation.</li>
 * </ul>
 * Elsewhere MongoDB already agrees with {@code Filter.test}: arrays match by element, comparisons
 * are typed (numbers with numbers whatever their BSON type, strings with strings by UTF-8 byte order,
 * i.e. code point order), {@code $in: []} matches nothing. An empty {@code and} is {@code {}}; an
 * empty {@code or} (MongoDB refuses {@code $or: []}) is {@code {$nor: [{}]}}, which matches nothing.
 *
 * <h2>A server that orders strings by UTF-16 code unit</h2>
 * MongoDB compares strings by their UTF-8 bytes, which is code point order, as {@code Filter.test}
 * does. The mongo-java-server stand-in compares Java strings (UTF-16 code units), which differs when
 * a character beyond U+FFFF meets one in U+E000..U+FFFF. For such a server
 * ({@code codePointOrder == false}, detected by the adapter) a string {@code gt/gte/lt/lte} is
 * widened where it counts positively (to "is a string") and narrowed where it is negated (to
 * "nothing"), so the query matches a superset of the records, and {@link #exact(Filter)} tells the
 * caller to test each returned record with {@link Filter#test}.
 *
 * <h2>A server that compares a stored int64 with a fractional double by truncating the double</h2>
 * The stand-in also compares a stored int64 with a fractional double bound as if the double were cut
 * to an integer ({@code 4000000000 < 4000000000.5} is false there, true in MongoDB). For such a
 * server ({@code exactNumberRanges == false}, detected by the adapter) a {@code gt/gte} with a
 * fractional bound {@code v} becomes {@code $gte floor(v)} and a {@code lt/lte} becomes
 * {@code $lte ceil(v)} where it counts positively (integral bounds compare exactly there, and these
 * are supersets), "nothing" where it is negated, and the records are tested in Java as above.
 *
 * <p>Thread-safe and stateless apart from its two settings.
 */
public final class MongoFilterTranslator {
    private static final Document NOT_ARRAY = new Document("$not", new Document("$type", BsonType.ARRAY.getValue()));
    private static final Document MATCH_NOTHING = new Document("$nor", List.of(new Document()));

    private final String field;
    private final boolean codePointOrder;
    private final boolean exactNumberRanges;
    private final Visitor visitor = new Visitor(true);
    private final Visitor negated = new Visitor(false);

    /**
     * A translator for a server that orders strings as MongoDB does (by code point).
     *
     * @param field the document field holding the metadata, e.g. {@code metadata}
     */
    public MongoFilterTranslator(String field) {
        this(field, true);
    }

    /**
     * @param field the document field holding the metadata, e.g. {@code metadata}
     * @param codePointOrder whether the server orders strings by code point (MongoDB: yes; the
     *                       mongo-java-server stand-in: no, see the class comment)
     */
    public MongoFilterTranslator(String field, boolean codePointOrder) {
        this(field, codePointOrder, true);
    }

    /**
     * @param field the document field holding the metadata, e.g. {@code metadata}
     * @param codePointOrder whether the server orders strings by code point (see the class comment)
     * @param exactNumberRanges whether the server compares a stored int64 with a fractional double
     *                          exactly (MongoDB: yes; the mongo-java-server stand-in: no, see the class comment)
     */
    public MongoFilterTranslator(String field, boolean codePointOrder, boolean exactNumberRanges) {
        this.field = field;
        this.codePointOrder = codePointOrder;
        this.exactNumberRanges = exactNumberRanges;
    }

    /** @return whether the server orders strings by code point, as MongoDB does (see the class comment) */
    public boolean codePointOrder() {
        return codePointOrder;
    }

    /**
     * @param filter a filter, or null
     * @return whether {@link #translate} matches exactly the records {@link Filter#test} matches;
     *         false when the server's string order or number comparison made it match a superset
     *         (test each record)
     */
    public boolean exact(Filter filter) {
        return codePointOrder && exactNumberRanges || filter == null || !filter.accept(new WidenedRanges());
    }

    /** @return whether this comparison is widened for the server (see the class comment) */
    private boolean widened(Filter.Comparison c) {
        if (c.op() == Filter.Op.EQ || c.op() == Filter.Op.NE) {
            return false;
        }
        return !codePointOrder && c.value() instanceof String || !exactNumberRanges && fractional(c.value());
    }

    private static boolean fractional(Object value) {
        if (!(value instanceof Double) && !(value instanceof Float)) {
            return false;
        }
        double d = ((Number) value).doubleValue();
        return Double.isFinite(d) && d != Math.rint(d);
    }

    /** Whether a filter holds a comparison {@link #widened} for the server. */
    private final class WidenedRanges implements Filter.Visitor<Boolean> {
        @Override
        public Boolean comparison(Filter.Comparison c) {
            return widened(c);
        }

        @Override
        public Boolean in(Filter.In in) {
            return false;
        }

        @Override
        public Boolean nin(Filter.Nin nin) {
            return false;
        }

        @Override
        public Boolean exists(Filter.Exists exists) {
            return false;
        }

        @Override
        public Boolean and(Filter.And and) {
            return and.filters().stream().anyMatch(f -> f.accept(this));
        }

        @Override
        public Boolean or(Filter.Or or) {
            return or.filters().stream().anyMatch(f -> f.accept(this));
        }

        @Override
        public Boolean not(Filter.Not not) {
            return not.filter().accept(this);
        }
    }

    /**
     * @param filter a filter, or null for none
     * @return the query document ({@code {}} for null: every document)
     */
    public Document translate(Filter filter) {
        return filter == null ? new Document() : filter.accept(visitor);
    }

    /**
     * @param filter a filter, or null
     * @return the query document as {@link Bson}
     */
    public Bson toBson(Filter filter) {
        return translate(filter);
    }

    /** Translates nodes that count positively ({@code positive}) or under an odd number of negations. */
    private final class Visitor implements Filter.Visitor<Document> {
        private final boolean positive;

        Visitor(boolean positive) {
            this.positive = positive;
        }

        @Override
        public Document comparison(Filter.Comparison c) {
            String p = field + "." + c.path();
            if (widened(c)) {
                if (!positive) {
                    return new Document(MATCH_NOTHING);
                }
                if (c.value() instanceof String) {
                    return guarded(c.path(), new Document(p, new Document("$type", BsonType.STRING.getValue())));
                }
                double v = ((Number) c.value()).doubleValue();
                boolean lower = c.op() == Filter.Op.GT || c.op() == Filter.Op.GTE;
                return guarded(c.path(), new Document(p, lower ? new Document("$gte", Math.floor(v)) : new Document("$lte", Math.ceil(v))));
            }
            switch (c.op()) {
                case EQ:
                    return c.value() == null ? eqNull(c.path()) : guarded(c.path(), new Document(p, new Document("$eq", c.value())));
                case NE:
                    return nor(c.value() == null ? eqNull(c.path()) : guarded(c.path(), new Document(p, new Document("$eq", c.value()))));
                case GT:
                    return guarded(c.path(), new Document(p, new Document("$gt", c.value())));
                case GTE:
                    return guarded(c.path(), new Document(p, new Document("$gte", c.value())));
                case LT:
                    return guarded(c.path(), new Document(p, new Document("$lt", c.value())));
                case LTE:
                    return guarded(c.path(), new Document(p, new Document("$lte", c.value())));
                default:
                    throw new IllegalStateException("unknown operator " + c.op());
            }
        }

        @Override
        public Document in(Filter.In in) {
            return guarded(in.path(), new Document(field + "." + in.path(), new Document("$in", in.values())));
        }

        @Override
        public Document nin(Filter.Nin nin) {
            return nor(guarded(nin.path(), new Document(field + "." + nin.path(), new Document("$in", nin.values()))));
        }

        @Override
        public Document exists(Filter.Exists exists) {
            Document resolves = resolves(exists.path());
            return exists.exists() ? resolves : nor(resolves);
        }

        @Override
        public Document and(Filter.And and) {
            if (and.filters().isEmpty()) {
                return new Document();
            }
            return and.filters().size() == 1 ? and.filters().get(0).accept(this) : new Document("$and", all(and.filters()));
        }

        @Override
        public Document or(Filter.Or or) {
            if (or.filters().isEmpty()) {
                return new Document(MATCH_NOTHING);
            }
            return or.filters().size() == 1 ? or.filters().get(0).accept(this) : new Document("$or", all(or.filters()));
        }

        @Override
        public Document not(Filter.Not not) {
            return nor(not.filter().accept(positive ? negated : visitor));
        }

        private List<Document> all(List<Filter> filters) {
            List<Document> out = new ArrayList<>(filters.size());
            for (Filter f : filters) {
                out.add(f.accept(this));
            }
            return out;
        }
    }

    /** @return a query matching when the path resolves ({@code Filter.test}: no array on the way; the value may be null) */
    private Document resolves(String path) {
        return guarded(path, new Document(field + "." + path, new Document("$exists", true)));
    }

    /** {@code eq(path, null)}: the path does not resolve, or resolves to a null that is not an array holding one. */
    private Document eqNull(String path) {
        String p = field + "." + path;
        Document isNull = guarded(path, new Document("$and", List.of(new Document(p, new Document("$type", BsonType.NULL.getValue())),
                new Document(p, NOT_ARRAY))));
        return new Document("$or", List.of(nor(resolves(path)), isNull));
    }

    /** @return the leaf with a guard that no proper prefix of the path is an array (none for a one-segment path) */
    private Document guarded(String path, Document leaf) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return leaf;
        }
        List<Document> all = new ArrayList<>();
        while (dot >= 0) {
            all.add(new Document(field + "." + path.substring(0, dot), NOT_ARRAY));
            dot = path.indexOf('.', dot + 1);
        }
        all.add(leaf);
        return new Document("$and", all);
    }

    private static Document nor(Document d) {
        return new Document("$nor", List.of(d));
    }
}
