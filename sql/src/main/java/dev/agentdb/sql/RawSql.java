package dev.agentdb.sql;

import dev.agentdb.Beta;

import java.util.Locale;
import java.util.Set;

/**
 * What a raw SQL statement ({@code executeRaw}) is, judged by its first keyword: enough to refuse
 * the obvious writes on a read-only database before they are sent, and to know which statements
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
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    /**
     * @param sql a statement; may be null
     * @return whether its first keyword is one of {@link #READ_KEYWORDS}: a statement a read-only
     *         database sends to its (read-only) connection rather than refusing it at once
     */
    public static boolean mayRead(String sql) {
        return READ_KEYWORDS.contains(firstKeyword(sql));
    }
}
