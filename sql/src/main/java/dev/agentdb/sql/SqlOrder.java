package dev.agentdb.sql;

import dev.agentdb.Beta;
import dev.agentdb.Sort;
import dev.agentdb.sql.SqlDialect.JsonType;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the order of a {@link dev.agentdb.FindRequest} as an {@code ORDER BY} list that sorts
 * exactly as {@link Sort#comparator} does, on every dialect. A metadata key becomes four terms:
 * the type rank ({@code 0} missing or null, {@code 1} boolean, {@code 2} number, {@code 3} string,
 * {@code 4} array or object, from the dialect's JSON type tests), then the value as a boolean, as a
 * number and as a code-point-ordered string ({@link SqlDialect#jsonScalar}; only the one of its
 * type is not NULL, so rows of one rank compare on one term; where numbers are doubles, an exact
 * integer term follows, {@link SqlDialect#jsonExactInteger}). The timestamp sorts NULL first
 * ascending through a rank term too (dialects disagree on where NULL goes). The id, code point
 * order ascending, always ends the list, so the order is total and pages never overlap. Paths are
 * bound, never spliced.
 */
@Beta
public final class SqlOrder {
    private SqlOrder() {
    }

    /**
     * @param dialect the database's dialect
     * @param sorts the keys, in order; may be empty
     * @param metadata the JSON metadata column, a trusted identifier (e.g. {@code t.metadata})
     * @param id the id column, a trusted identifier
     * @param timestamp the timestamp column, a trusted identifier
     * @return the terms after {@code ORDER BY}, with their parameters
     */
    public static SqlFragment orderBy(SqlDialect dialect, List<Sort> sorts, String metadata, String id, String timestamp) {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Sort s : sorts) {
            String direction = s.ascending() ? " ASC" : " DESC";
            switch (s.key()) {
                case ID:
                    term(sql, dialect.codePointOrder(id) + direction);
                    break;
                case TIMESTAMP:
                    term(sql, "CASE WHEN " + timestamp + " IS NULL THEN 0 ELSE 1 END" + direction);
                    term(sql, timestamp + direction);
                    break;
                default:
                    metadataTerms(dialect, metadata, s.path(), direction, sql, params);
                    break;
            }
        }
        term(sql, dialect.codePointOrder(id) + " ASC");
        return new SqlFragment(sql.toString(), params);
    }

    private static void metadataTerms(SqlDialect dialect, String column, String path, String direction, StringBuilder sql,
                                      List<Object> params) {
        SqlFragment isBoolean = dialect.jsonTypeIs(column, path, JsonType.BOOLEAN);
        SqlFragment isNumber = dialect.jsonTypeIs(column, path, JsonType.NUMBER);
        SqlFragment isString = dialect.jsonTypeIs(column, path, JsonType.STRING);
        SqlFragment isArray = dialect.jsonTypeIs(column, path, JsonType.ARRAY);
        SqlFragment isObject = dialect.jsonTypeIs(column, path, JsonType.OBJECT);
        term(sql, "CASE WHEN " + isBoolean.sql() + " THEN 1 WHEN " + isNumber.sql() + " THEN 2 WHEN " + isString.sql()
                + " THEN 3 WHEN " + isArray.sql() + " OR " + isObject.sql() + " THEN 4 ELSE 0 END" + direction);
        for (SqlFragment f : List.of(isBoolean, isNumber, isString, isArray, isObject)) {
            params.addAll(f.params());
        }
        for (JsonType type : List.of(JsonType.BOOLEAN, JsonType.NUMBER, JsonType.STRING)) {
            SqlFragment is = dialect.jsonTypeIs(column, path, type);
            SqlFragment value = dialect.jsonScalar(column, path, type);
            String typed = "(CASE WHEN " + is.sql() + " THEN " + value.sql() + " END)";
            term(sql, (type == JsonType.STRING ? dialect.codePointOrder(typed) : typed) + direction);
            params.addAll(is.params());
            params.addAll(value.params());
            if (type == JsonType.NUMBER) {
                java.util.Optional<SqlFragment> exact = dialect.jsonExactInteger(column, path);
                if (exact.isPresent()) {
                    term(sql, "(CASE WHEN " + is.sql() + " THEN " + exact.get().sql() + " END)" + direction);
                    params.addAll(is.params());
                    params.addAll(exact.get().params());
                }
            }
        }
    }

    private static void term(StringBuilder sql, String term) {
        if (sql.length() > 0) {
            sql.append(", ");
        }
        sql.append(term);
    }
}
