package dev.agentdb.sql;

import dev.agentdb.Beta;
import dev.agentdb.InvalidInputException;
import dev.agentdb.Limits;
import dev.agentdb.filter.FilterValues;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SQL dialects AgentDB speaks, and the facts in which they differ, each fact named beside the
 * method that uses it (in the manner of jOOQ's {@code SUPPORTS_*} sets). Every switch over the
 * dialects ends in a default branch that renders standard SQL (SQL:2016), so a dialect added later
 * starts from the standard and only its differences need a case.
 *
 * <p>What is rendered here is trusted text: identifiers are quoted (embedded quote characters
 * doubled), JSON path segments are checked against {@link Limits#PATH_SEGMENT} and then bound, and
 * every value goes into {@link SqlFragment#params()}. Stateless and thread-safe.
 */
@Beta
public enum SqlDialect {
    /** SQLite 3.38+ (JSON functions built in). Also Cloudflare D1, which runs SQLite behind an HTTP API. */
    SQLITE,
    /** PostgreSQL 13+. */
    POSTGRES,
    /** MySQL 8.0.19+ and 9 (the row alias of {@code INSERT ... AS new ON DUPLICATE KEY UPDATE}). */
    MYSQL,
    /** MariaDB 10.6+ (MySQL's syntax without the row alias; {@code VALUES(col)} in upserts). */
    MARIADB;

    /**
     * @param name a dialect name, case-insensitive: {@code sqlite} or {@code d1}, {@code postgres}
     *             or {@code postgresql}, {@code mysql}, {@code mariadb}; as returned by
     *             {@code DatabaseAdapter.dialect()}
     * @return the dialect
     * @throws InvalidInputException naming {@code dialect} when the name is null or unknown
     */
    public static SqlDialect of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "sqlite": case "d1": return SQLITE;
            case "postgres": case "postgresql": return POSTGRES;
            case "mysql": return MYSQL;
            case "mariadb": return MARIADB;
            default:
                throw new InvalidInputException("dialect", "unknown SQL dialect '" + name
                        + "'; expected sqlite, d1, postgres, mysql or mariadb");
        }
    }

    // ------------------------------------------------------------------ identifiers

    /** Dialects that quote identifiers with backticks instead of the standard double quote. */
    private static final Set<SqlDialect> BACKTICK_IDENTIFIERS = EnumSet.of(MYSQL, MARIADB);

    /**
     * Quotes an identifier, doubling any quote character inside it, so that any text is one
     * identifier (never SQL). Case is kept: {@code quote("Docs")} names a table other than
     * {@code docs} on PostgreSQL.
     *
     * @param identifier a table, column or schema name; already validated by the caller where it
     *                   comes from a user (e.g. a collection name)
     * @return {@code "name"}, or {@code `name`} on MySQL and MariaDB
     * @throws IllegalArgumentException when the identifier is null, empty or contains NUL
     */
    public String quote(String identifier) {
        if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an SQL identifier must be non-empty text without NUL, was "
                    + (identifier == null ? null : "'" + identifier.replace("\0", "\\0") + "'"));
        }
        String q = BACKTICK_IDENTIFIERS.contains(this) ? "`" : "\"";
        return q + identifier.replace(q, q + q) + q;
    }

    /**
     * @param schema the schema (PostgreSQL) or database (MySQL) holding the table; null for the
     *               connection's default (SQLite has only the main database)
     * @param table the table name
     * @return the quoted, optionally schema-qualified name, e.g. {@code "agent"."agentdb_meta"}
     * @throws IllegalArgumentException when a name is empty or contains NUL
     */
    public String qualify(String schema, String table) {
        return schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    // ------------------------------------------------------------------ literals

    /** Dialects whose boolean expressions are the integers 1 and 0 (SQLite before 3.23 had no TRUE/FALSE keywords). */
    private static final Set<SqlDialect> NUMERIC_BOOLEAN_LITERALS = EnumSet.of(SQLITE);

    /**
     * @param value the truth value
     * @return an always-true or always-false expression: {@code 1}/{@code 0} on SQLite, the standard
     *         {@code TRUE}/{@code FALSE} elsewhere
     */
    public String booleanLiteral(boolean value) {
        if (NUMERIC_BOOLEAN_LITERALS.contains(this)) {
            return value ? "1" : "0";
        }
        return value ? "TRUE" : "FALSE";
    }

    // ------------------------------------------------------------------ paging

    /** Dialects with {@code LIMIT n OFFSET m}; the standard is {@code OFFSET m ROWS FETCH NEXT n ROWS ONLY}. */
    private static final Set<SqlDialect> LIMIT_OFFSET = EnumSet.of(SQLITE, POSTGRES, MYSQL, MARIADB);

    /**
     * Renders a paging clause to append after {@code ORDER BY}, both numbers bound.
     *
     * @param limit the most rows to return, at least 0
     * @param offset the rows to skip first, at least 0 (0 renders no offset)
     * @return e.g. {@code LIMIT ? OFFSET ?} with params {@code [limit, offset]}, or the standard
     *         {@code OFFSET ? ROWS FETCH NEXT ? ROWS ONLY} with {@code [offset, limit]}
     * @throws IllegalArgumentException when a number is negative
     */
    public SqlFragment limit(long limit, long offset) {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must be at least 0, were " + limit + " and " + offset);
        }
        if (LIMIT_OFFSET.contains(this)) {
            return offset == 0 ? new SqlFragment("LIMIT ?", List.of(limit))
                    : new SqlFragment("LIMIT ? OFFSET ?", List.of(limit, offset));
        }
        return offset == 0 ? new SqlFragment("FETCH FIRST ? ROWS ONLY", List.of(limit))
                : new SqlFragment("OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", List.of(offset, limit));
    }

    // ------------------------------------------------------------------ upsert

    /**
     * Renders "insert this row, or update its non-key columns when a row with the same key exists",
     * with one {@code ?} per column in {@code keyColumns} then {@code valueColumns} order:
     * <ul>
     *   <li>SQLite, PostgreSQL: {@code INSERT ... ON CONFLICT (k) DO UPDATE SET v = excluded.v};</li>
     *   <li>MySQL: {@code INSERT ... AS new ON DUPLICATE KEY UPDATE v = new.v} (the row alias of 8.0.19+;
     *       {@code VALUES(v)} is deprecated there);</li>
     *   <li>MariaDB: {@code INSERT ... ON DUPLICATE KEY UPDATE v = VALUES(v)};</li>
     *   <li>standard SQL: {@code MERGE INTO t USING (VALUES (...)) AS s (...) ON ... WHEN MATCHED THEN
     *       UPDATE ... WHEN NOT MATCHED THEN INSERT ...}.</li>
     * </ul>
     * MySQL's and MariaDB's form reacts to any unique key of the table, not only {@code keyColumns}:
     * use it on tables whose only unique key is the primary key.
     *
     * @param table the quoted, optionally qualified table ({@link #qualify})
     * @param keyColumns the primary-key columns (unquoted), at least one
     * @param valueColumns the other columns (unquoted), at least one
     * @return the statement text
     * @throws IllegalArgumentException when a column list is empty or a name is not an identifier
     */
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        if (keyColumns.isEmpty() || valueColumns.isEmpty()) {
            throw new IllegalArgumentException("an upsert needs key and value columns, had " + keyColumns + " and " + valueColumns);
        }
        List<String> all = new ArrayList<>(keyColumns);
        all.addAll(valueColumns);
        String columns = String.join(", ", quoteAll(all));
        String marks = String.join(", ", java.util.Collections.nCopies(all.size(), "?"));
        String insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")";
        switch (this) {
            case SQLITE:
            case POSTGRES:
                return insert + " ON CONFLICT (" + String.join(", ", quoteAll(keyColumns)) + ") DO UPDATE SET "
                        + assignments(valueColumns, c -> "excluded." + quote(c));
            case MYSQL:
                return insert + " AS new ON DUPLICATE KEY UPDATE " + assignments(valueColumns, c -> "new." + quote(c));
            case MARIADB:
                return insert + " ON DUPLICATE KEY UPDATE " + assignments(valueColumns, c -> "VALUES(" + quote(c) + ")");
            default: {
                StringBuilder on = new StringBuilder();
                for (String k : keyColumns) {
                    on.append(on.length() == 0 ? "" : " AND ").append("t.").append(quote(k)).append(" = s.").append(quote(k));
                }
                List<String> sourceColumns = new ArrayList<>();
                for (String c : all) {
                    sourceColumns.add("s." + quote(c));
                }
                return "MERGE INTO " + table + " AS t USING (VALUES (" + marks + ")) AS s (" + columns + ") ON " + on
                        + " WHEN MATCHED THEN UPDATE SET " + assignments(valueColumns, c -> "s." + quote(c))
                        + " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (" + String.join(", ", sourceColumns) + ")";
            }
        }
    }

    private List<String> quoteAll(List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(quote(n));
        }
        return out;
    }

    private String assignments(List<String> columns, java.util.function.UnaryOperator<String> source) {
        List<String> out = new ArrayList<>(columns.size());
        for (String c : columns) {
            out.add(quote(c) + " = " + source.apply(c));
        }
        return String.join(", ", out);
    }

    // ------------------------------------------------------------------ JSON

    /** Dialects whose JSON operators take one key per level instead of one path string ({@code $."a"."b"}). */
    private static final Set<SqlDialect> JSON_KEY_PER_LEVEL = EnumSet.of(POSTGRES);

    /**
     * Renders the JSON value at a metadata path of a JSON column: SQL NULL when the path does not
     * resolve. What a JSON {@code null} at the path gives differs: SQLite unwraps it to SQL NULL too
     * (tell the two apart with {@link #jsonTypeIs}), PostgreSQL gives the jsonb {@code null}, MySQL
     * and MariaDB the JSON {@code null}.
     * <ul>
     *   <li>SQLite: {@code json_extract(col, ?)}, which unwraps scalars to SQL values;</li>
     *   <li>PostgreSQL: {@code (col -> ?::text -> ?::text)}, one bound key per level, a {@code jsonb};
     *       {@code ->} with a text key only descends into objects (no array indexes);</li>
     *   <li>MySQL, MariaDB: {@code JSON_EXTRACT(col, ?)};</li>
     *   <li>standard SQL: {@code JSON_QUERY(col, ?)}.</li>
     * </ul>
     * Path strings are {@code $."a"."b"}, one quoted member per segment, bound.
     *
     * @param column the JSON column expression, a trusted plain or qualified identifier ({@code t.metadata})
     * @param path a metadata path such as {@code a.b}: segments matching {@link Limits#PATH_SEGMENT}
     * @return the expression and its parameters
     * @throws InvalidInputException naming {@code path} when a segment is not a valid path segment
     * @throws IllegalArgumentException when the column is not a plain or qualified identifier
     */
    public SqlFragment jsonExtract(String column, String path) {
        String col = SqlFragment.requireColumn(column);
        List<String> segments = segments(path);
        switch (this) {
            case SQLITE:
                return new SqlFragment("json_extract(" + col + ", ?)", List.of(jsonPath(segments)));
            case POSTGRES: {
                StringBuilder sql = new StringBuilder("(").append(col);
                for (int i = 0; i < segments.size(); i++) {
                    sql.append(" -> ?::text");
                }
                return new SqlFragment(sql.append(')').toString(), new ArrayList<>(segments));
            }
            case MYSQL:
            case MARIADB:
                return new SqlFragment("JSON_EXTRACT(" + col + ", ?)", List.of(jsonPath(segments)));
            default:
                return new SqlFragment("JSON_QUERY(" + col + ", ?)", List.of(jsonPath(segments)));
        }
    }

    /**
     * Renders the JSON path string of a metadata path, for the dialects whose JSON functions take one
     * ({@code json_extract}, {@code json_each}, {@code JSON_EXTRACT}, SQL/JSON).
     *
     * @param path a metadata path such as {@code a.b}
     * @return {@code $."a"."b"}
     * @throws InvalidInputException naming {@code path} when a segment is not a valid path segment
     * @throws UnsupportedOperationException on PostgreSQL, whose JSON operators take one key per level
     *         (use {@link #jsonExtract})
     */
    public String jsonPath(String path) {
        if (JSON_KEY_PER_LEVEL.contains(this)) {
            throw new UnsupportedOperationException(this + "'s JSON operators take one key per level; use jsonExtract");
        }
        return jsonPath(segments(path));
    }

    private static String jsonPath(List<String> segments) {
        StringBuilder b = new StringBuilder("$");
        for (String s : segments) {
            b.append(".\"").append(s).append('"');
        }
        return b.toString();
    }

    /** The JSON value types a type test can ask for (SQL/JSON's {@code type()} names). */
    public enum JsonType {
        /** A JSON object. */
        OBJECT,
        /** A JSON array. */
        ARRAY,
        /** A JSON string. */
        STRING,
        /** A JSON number, integral or not. */
        NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** The JSON {@code null} literal (not a missing path). */
        NULL
    }

    /**
     * Renders "the value at path has this JSON type": true or false, never SQL NULL (a missing path is
     * false for every type, {@code NULL} included). Type names are constants of each dialect:
     * <ul>
     *   <li>SQLite: {@code json_type(col, ?)} in {@code object, array, text, integer/real, true/false, null};</li>
     *   <li>PostgreSQL: {@code jsonb_typeof(col -> ? ...)} in {@code object, array, string, number, boolean, null};</li>
     *   <li>MySQL, MariaDB: {@code JSON_TYPE(JSON_EXTRACT(col, ?))} in {@code OBJECT, ARRAY, STRING,
     *       INTEGER/UNSIGNED INTEGER/DOUBLE/DECIMAL, BOOLEAN, NULL};</li>
     *   <li>standard SQL: {@code JSON_VALUE(col, ?)} of the path's {@code .type()} item method, in
     *       {@code object, array, string, number, boolean, null}.</li>
     * </ul>
     *
     * @param column the JSON column expression, a trusted plain or qualified identifier
     * @param path a metadata path such as {@code a.b}
     * @param type the type to test
     * @return a boolean expression and its parameters
     * @throws InvalidInputException naming {@code path} when a segment is not a valid path segment
     * @throws IllegalArgumentException when the column is not a plain or qualified identifier
     */
    public SqlFragment jsonTypeIs(String column, String path, JsonType type) {
        SqlFragment typeOf;
        switch (this) {
            case SQLITE:
                typeOf = new SqlFragment("json_type(" + SqlFragment.requireColumn(column) + ", ?)", List.of(jsonPath(segments(path))));
                break;
            case POSTGRES: {
                SqlFragment value = jsonExtract(column, path);
                typeOf = new SqlFragment("jsonb_typeof" + value.sql(), value.params());
                break;
            }
            case MYSQL:
            case MARIADB: {
                SqlFragment value = jsonExtract(column, path);
                typeOf = new SqlFragment("JSON_TYPE(" + value.sql() + ")", value.params());
                break;
            }
            default:
                typeOf = new SqlFragment("JSON_VALUE(" + SqlFragment.requireColumn(column) + ", ?)",
                        List.of(jsonPath(segments(path)) + ".type()"));
                break;
        }
        return new SqlFragment("(COALESCE(" + typeOf.sql() + ", '') IN (" + typeNames(type) + "))", typeOf.params());
    }

    /**
     * Renders the scalar at a metadata path as a typed SQL value for ordering, one expression per
     * JSON type: a boolean ({@code false} before {@code true}), a number, or a string (text; order
     * it by code point with {@link #codePointOrder}). Each is only meaningful when the value has that
     * type (wrap it in a type test).
     * <ul>
     *   <li>SQLite: {@code json_extract(col, ?)}, which unwraps scalars (booleans to 0/1);</li>
     *   <li>PostgreSQL: {@code (jsonb)::boolean}, {@code (jsonb)::numeric}, {@code (jsonb #>> '{}')};</li>
     *   <li>MySQL, MariaDB: {@code (JSON_UNQUOTE(JSON_EXTRACT(col, ?)) = 'true')} for booleans,
     *       {@code CAST(JSON_UNQUOTE(...) AS DOUBLE)} for numbers (MariaDB's JSON functions return
     *       text, which would order {@code 10} before {@code 9}; integers equal as doubles are told
     *       apart by {@link #jsonExactInteger}), {@code JSON_UNQUOTE(...)} for strings;</li>
     *   <li>standard SQL: {@code JSON_VALUE(col, ?)}.</li>
     * </ul>
     *
     * @param column the JSON column expression, a trusted plain or qualified identifier
     * @param path a metadata path such as {@code a.b}
     * @param type {@link JsonType#BOOLEAN}, {@link JsonType#NUMBER} or {@link JsonType#STRING}
     * @return the expression and its parameters
     * @throws InvalidInputException naming {@code path} when a segment is not a valid path segment
     * @throws IllegalArgumentException for another type, or a column that is not an identifier
     */
    public SqlFragment jsonScalar(String column, String path, JsonType type) {
        if (type != JsonType.BOOLEAN && type != JsonType.NUMBER && type != JsonType.STRING) {
            throw new IllegalArgumentException("only booleans, numbers and strings are ordered by value, not " + type);
        }
        SqlFragment value = jsonExtract(column, path);
        switch (this) {
            case SQLITE:
                return value;
            case POSTGRES:
                switch (type) {
                    case BOOLEAN: return new SqlFragment("(" + value.sql() + ")::boolean", value.params());
                    case NUMBER: return new SqlFragment("(" + value.sql() + ")::numeric", value.params());
                    default: return new SqlFragment("(" + value.sql() + " #>> '{}')", value.params());
                }
            case MYSQL:
            case MARIADB:
                switch (type) {
                    case BOOLEAN: return new SqlFragment("(JSON_UNQUOTE(" + value.sql() + ") = 'true')", value.params());
                    case NUMBER: return new SqlFragment("CAST(JSON_UNQUOTE(" + value.sql() + ") AS DOUBLE)", value.params());
                    default: return new SqlFragment("JSON_UNQUOTE(" + value.sql() + ")", value.params());
                }
            default:
                return new SqlFragment("JSON_VALUE(" + SqlFragment.requireColumn(column) + ", ?)", List.of(jsonPath(segments(path))));
        }
    }

    /** Dialects whose {@link #jsonScalar} numbers are doubles, so integers need an exact term after them. */
    private static final Set<SqlDialect> INEXACT_JSON_NUMBERS = EnumSet.of(MYSQL, MARIADB);

    /**
     * Renders a number at a metadata path as an exact integer, for ordering after
     * {@link #jsonScalar}'s number where that is a double: two integers within the range of
     * {@code long} that are equal as doubles (above 2^53) then still order by value, as
     * {@link dev.agentdb.filter.FilterValues#compareNumbers} orders them; any other number becomes
     * its double's integral part, so {@code 3} and {@code 3.0} stay equal. (A {@code long} and a
     * double above 2^53 that are equal as doubles but not as integers order by value here; the
     * reference calls them equal.) Only meaningful under a number type test.
     * <ul>
     *   <li>MySQL, MariaDB: {@code CASE WHEN <integer type> AND CAST(... AS DECIMAL(65,0)) BETWEEN
     *       -2^63 AND 2^63-1 THEN CAST(... AS DECIMAL(65,0)) ELSE CAST(CAST(... AS DOUBLE) AS
     *       DECIMAL(65,0)) END};</li>
     *   <li>other dialects: none, their numbers order exactly already.</li>
     * </ul>
     *
     * @param column the JSON column expression, a trusted plain or qualified identifier
     * @param path a metadata path such as {@code a.b}
     * @return the expression and its parameters, or empty where no such term is needed
     * @throws InvalidInputException naming {@code path} when a segment is not a valid path segment
     */
    public java.util.Optional<SqlFragment> jsonExactInteger(String column, String path) {
        if (!INEXACT_JSON_NUMBERS.contains(this)) {
            return java.util.Optional.empty();
        }
        SqlFragment value = jsonExtract(column, path);
        String exact = "CAST(JSON_UNQUOTE(" + value.sql() + ") AS DECIMAL(65,0))";
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            params.addAll(value.params());
        }
        return java.util.Optional.of(new SqlFragment("(CASE WHEN COALESCE(JSON_TYPE(" + value.sql() + "), '') IN ('INTEGER', "
                + "'UNSIGNED INTEGER') AND " + exact + " BETWEEN -9223372036854775808 AND 9223372036854775807 THEN " + exact
                + " ELSE CAST(CAST(JSON_UNQUOTE(" + value.sql() + ") AS DOUBLE) AS DECIMAL(65,0)) END)", params));
    }

    /**
     * @return the collation that orders text by Unicode code point (the byte order of UTF-8) without
     *         padding, so that {@code 'a'} and {@code 'a '} differ: none on SQLite (its BINARY
     *         collation is the default), {@code "C"} on PostgreSQL, {@code utf8mb4_0900_bin} on
     *         MySQL 8+ and {@code utf8mb4_nopad_bin} on MariaDB ({@code utf8mb4_bin} pads with
     *         spaces on both), none in standard SQL
     */
    public java.util.Optional<String> codePointCollation() {
        switch (this) {
            case POSTGRES: return java.util.Optional.of("\"C\"");
            case MYSQL: return java.util.Optional.of("utf8mb4_0900_bin");
            case MARIADB: return java.util.Optional.of("utf8mb4_nopad_bin");
            case SQLITE:
            default: return java.util.Optional.empty();
        }
    }

    /**
     * Renders a text expression so that it orders by Unicode code point (the byte order of UTF-8),
     * with {@link #codePointCollation()}: SQLite's default BINARY collation, PostgreSQL's
     * {@code "C"}, MySQL's {@code utf8mb4_0900_bin}, MariaDB's {@code utf8mb4_nopad_bin} (the
     * expression must be {@code utf8mb4} text there).
     *
     * @param expression a trusted SQL expression (a column)
     * @return the expression with the collation that orders by code point
     */
    public String codePointOrder(String expression) {
        return codePointCollation().map(c -> expression + " COLLATE " + c).orElse(expression);
    }

    /** @return the dialect's names of a JSON type, as a list of SQL string literals (constants, never user text) */
    private String typeNames(JsonType type) {
        switch (this) {
            case SQLITE:
                switch (type) {
                    case STRING: return "'text'";
                    case NUMBER: return "'integer', 'real'";
                    case BOOLEAN: return "'true', 'false'";
                    default: return "'" + type.name().toLowerCase(Locale.ROOT) + "'";
                }
            case MYSQL:
            case MARIADB:
                return type == JsonType.NUMBER ? "'INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL'" : "'" + type.name() + "'";
            case POSTGRES:
            default:
                return "'" + type.name().toLowerCase(Locale.ROOT) + "'";
        }
    }

    private static List<String> segments(String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidInputException("path", "must be a metadata path such as 'a.b', was " + (path == null ? null : "empty"));
        }
        List<String> out = new ArrayList<>();
        for (String s : FilterValues.segments(path)) {
            if (!Limits.PATH_SEGMENT.matcher(s).matches()) {
                throw new InvalidInputException("path", "segment '" + s + "' of '" + path + "' must match "
                        + Limits.PATH_SEGMENT.pattern());
            }
            out.add(s);
        }
        return out;
    }

    // ------------------------------------------------------------------ catalog

    /**
     * Renders a query that returns one row when a table exists and none otherwise:
     * <ul>
     *   <li>SQLite: {@code sqlite_master} (params: table);</li>
     *   <li>PostgreSQL: {@code to_regclass} of the quoted, qualified name (params: that name), which
     *       follows the search path when {@code schema} is null;</li>
     *   <li>MySQL, MariaDB and standard SQL: {@code information_schema.tables} (params: schema, table);
     *       MySQL and MariaDB take the connection's database when {@code schema} is null.</li>
     * </ul>
     *
     * @param schema the schema or database, or null for the connection's default
     * @param table the table name, unquoted
     * @return the query and its parameters
     * @throws IllegalArgumentException when a name is empty or contains NUL
     */
    public SqlFragment tableExists(String schema, String table) {
        switch (this) {
            case SQLITE:
                return new SqlFragment("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", List.of(table));
            case POSTGRES:
                return new SqlFragment("SELECT 1 WHERE to_regclass(?) IS NOT NULL", List.of(qualify(schema, table)));
            case MYSQL:
            case MARIADB:
                if (schema == null) {
                    return new SqlFragment("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE()"
                            + " AND table_name = ?", List.of(table));
                }
                return new SqlFragment("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                        List.of(schema, table));
            default:
                if (schema == null) {
                    return new SqlFragment("SELECT 1 FROM information_schema.tables WHERE table_schema = CURRENT_SCHEMA"
                            + " AND table_name = ?", List.of(table));
                }
                return new SqlFragment("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                        List.of(schema, table));
        }
    }

    // ------------------------------------------------------------------ column types

    /**
     * @return the column type of a short text key that may be a primary key and compares byte-wise:
     *         {@code TEXT} (SQLite's BINARY collation), {@code text COLLATE "C"} (PostgreSQL),
     *         {@code VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin} (MySQL, MariaDB: a key
     *         needs a length), the standard {@code VARCHAR(255)} otherwise
     */
    public String keyTextType() {
        switch (this) {
            case SQLITE: return "TEXT";
            case POSTGRES: return "text COLLATE \"C\"";
            case MYSQL:
            case MARIADB: return "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
            default: return "VARCHAR(255)";
        }
    }

    /**
     * @return the column type of unbounded text: {@code TEXT} (SQLite), {@code text} (PostgreSQL),
     *         {@code LONGTEXT} (MySQL, MariaDB: {@code TEXT} stops at 64 KiB), the standard {@code CLOB} otherwise
     */
    public String longTextType() {
        switch (this) {
            case SQLITE: return "TEXT";
            case POSTGRES: return "text";
            case MYSQL:
            case MARIADB: return "LONGTEXT";
            default: return "CLOB";
        }
    }
}
