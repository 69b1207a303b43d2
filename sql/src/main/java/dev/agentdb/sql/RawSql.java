package dev.agentdb.sql;

import dev.agentdb.Beta;

import java.util.Locale;
import java.util.Set;

/**
 * What a raw SQL statement ({@code executeRaw}) is, judged by its first keyword (past a {@code WITH}
 * clause, the keyword of the statement it leads to): enough to refuse the obvious writes on a
 * read-only database before they are sent, and to know which statements
 * cannot have changed what an adapter caches. The judgement is a first line only: a read-only
 * database also opens its connections read-only, so the backend refuses what passes here and still
 * writes ({@code WITH d AS (DELETE ...) SELECT ...}, a function that writes).
 */
@Beta
public final class RawSql {
    /**
     * First keywords of statements that may run on a read-only connection: queries and plans
     * ({@code SELECT}, {@code WITH}, {@code VALUES}, {@code TABLE}, {@code EXPLAIN}), and the
     * settings readers look at ({@code SHOW} on PostgreSQL and MySQL, {@code PRAGMA} on SQLite).
     */
    public static final Set<String> READ_KEYWORDS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "EXPLAIN", "SHOW", "PRAGMA");

    private RawSql() {
    }

    /**
     * @param sql a statement; may be null
     * @return its first keyword in upper case (after white space, {@code --} and {@code /* *}{@code /}
     *         comments and opening parentheses), or an empty string when it has none
     */
    public static String firstKeyword(String sql) {
        if (sql == null) {
            return "";
        }
        return keywordAt(sql, skipSpace(sql, 0, true));
    }

    /**
     * The keyword of the statement a {@code WITH} clause leads to: for
     * {@code WITH a AS (...), b (x) AS (...) DELETE ...} it is {@code DELETE}. Names may be quoted
     * ({@code "..."}, {@code `...`}); the bodies are skipped by their parentheses, minding string
     * literals, quoted names and comments. Any other statement gives its {@link #firstKeyword}.
     *
     * @param sql a statement; may be null
     * @return the main keyword in upper case; {@code WITH} when the clause cannot be followed to its
     *         end (the backend then judges the statement), or an empty string when there is none
     */
    public static String mainKeyword(String sql) {
        if (sql == null) {
            return "";
        }
        int start = skipSpace(sql, 0, true);
        String first = keywordAt(sql, start);
        if (!first.equals("WITH")) {
            return first;
        }
        int i = skipSpace(sql, start + first.length(), false);
        if (keywordAt(sql, i).equals("RECURSIVE")) {
            i = skipSpace(sql, i + "RECURSIVE".length(), false);
        }
        while (true) {
            i = skipName(sql, i);
            if (i < 0) {
                return first;
            }
            i = skipSpace(sql, i, false);
            if (i < sql.length() && sql.charAt(i) == '(') { // column list
                i = skipSpace(sql, skipParens(sql, i), false);
            }
            if (!keywordAt(sql, i).equals("AS")) {
                return first;
            }
            i = skipSpace(sql, i + 2, false);
            for (String k : new String[] {"NOT", "MATERIALIZED"}) { // PostgreSQL's AS [NOT] MATERIALIZED
                if (keywordAt(sql, i).equals(k)) {
                    i = skipSpace(sql, i + k.length(), false);
                }
            }
            if (i >= sql.length() || sql.charAt(i) != '(') {
                return first;
            }
            i = skipParens(sql, i);
            if (i < 0) {
                return first;
            }
            i = skipSpace(sql, i, false);
            if (i < sql.length() && sql.charAt(i) == ',') {
                i = skipSpace(sql, i + 1, false);
                continue;
            }
            String main = keywordAt(sql, skipSpace(sql, i, true));
            return main.isEmpty() ? first : main;
        }
    }

    /** @return the index after white space and comments from {@code i} (and opening parentheses if asked) */
    private static int skipSpace(String sql, int i, boolean parens) {
        int n = sql.length();
        while (i >= 0 && i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || parens && c == '(') {
                i++;
            } else if (sql.startsWith("--", i) || c == '#') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** @return the letters at {@code i}, upper case (empty when none) */
    private static String keywordAt(String sql, int i) {
        if (i < 0) {
            return "";
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    /** @return the index after a plain or quoted name at {@code i}, or -1 when there is none */
    private static int skipName(String sql, int i) {
        if (i >= sql.length()) {
            return -1;
        }
        char c = sql.charAt(i);
        if (c == '"' || c == '`' || c == '[') {
            return skipQuoted(sql, i, c == '[' ? ']' : c);
        }
        int start = i;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
            i++;
        }
        return i > start ? i : -1;
    }

    /** @return the index after the quoted text opened at {@code i} (a doubled closing quote is one character), or -1 */
    private static int skipQuoted(String sql, int i, char close) {
        int n = sql.length();
        for (int j = i + 1; j < n; j++) {
            if (sql.charAt(j) == close) {
                if (j + 1 < n && sql.charAt(j + 1) == close) {
                    j++;
                } else {
                    return j + 1;
                }
            }
        }
        return -1;
    }

    /**
     * @return the index after the parenthesis that closes the one at {@code i}, skipping string
     *         literals, quoted names and comments inside; -1 when it is never closed
     */
    private static int skipParens(String sql, int i) {
        int depth = 0;
        int n = sql.length();
        while (i >= 0 && i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c);
            } else if (sql.startsWith("--", i) || sql.startsWith("/*", i)) {
                i = skipSpace(sql, i, false);
            } else {
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
        }
        return -1;
    }

    /**
     * @param sql a statement; may be null
     * @return whether its main keyword ({@link #mainKeyword}: the first, or the one a {@code WITH}
     *         clause leads to) is one of {@link #READ_KEYWORDS}: a statement a read-only database sends
     *         to its (read-only) connection rather than refusing it at once
     */
    public static boolean mayRead(String sql) {
        return READ_KEYWORDS.contains(mainKeyword(sql));
    }
}
