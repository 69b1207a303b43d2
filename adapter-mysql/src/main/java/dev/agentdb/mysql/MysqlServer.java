package dev.agentdb.mysql;

import dev.agentdb.sql.SqlDialect;

/**
 * What the {@link MysqlAdapter} found out about its server when it connected: the family, the
 * version, and the vector abilities the adapter chooses a new collection's index by: on a MariaDB
 * server with {@link #vectorIndex()}, cosine and l2 collections use its {@code VECTOR INDEX}; the
 * others, and every collection elsewhere, AgentDB's in-house HNSW index (through the shared index
 * engine).
 *
 * @param family MySQL or MariaDB
 * @param version the server's {@code VERSION()}, e.g. {@code 11.8.9-MariaDB-0+deb13u1}
 * @param major the major version, e.g. 11
 * @param minor the minor version, e.g. 8
 * @param vectorType whether the server has a {@code VECTOR(n)} column type (MariaDB 11.7+, MySQL 9+)
 * @param vectorIndex whether it can index one for nearest-neighbour search ({@code VECTOR INDEX}:
 *                    MariaDB 11.7+; MySQL's community server has none)
 */
public record MysqlServer(Family family, String version, int major, int minor, boolean vectorType, boolean vectorIndex) {

    /** The two families of servers that speak MySQL's protocol. */
    public enum Family {
        /** Oracle's MySQL (8.0, 8.4, 9.x). */
        MYSQL,
        /** MariaDB (10.6 and newer). */
        MARIADB
    }

    /** @return the SQL dialect of the family ({@link SqlDialect#MYSQL} or {@link SqlDialect#MARIADB}) */
    public SqlDialect dialect() {
        return family == Family.MARIADB ? SqlDialect.MARIADB : SqlDialect.MYSQL;
    }

    /**
     * @return how deep a metadata document may nest (containers, the top object being 1) for the
     *         server's JSON functions to read it: 31 on MariaDB (its functions give up at 32 levels),
     *         100 on MySQL; deeper records are filtered in Java (see {@link MysqlAdapter})
     */
    public int jsonDepthLimit() {
        return family == Family.MARIADB ? 31 : 100;
    }

    /** @return e.g. {@code MariaDB 11.8.9-MariaDB-0+deb13u1 (VECTOR type: yes, vector index: yes)} */
    @Override
    public String toString() {
        return (family == Family.MARIADB ? "MariaDB " : "MySQL ") + version + " (VECTOR type: " + (vectorType ? "yes" : "no")
                + ", vector index: " + (vectorIndex ? "yes" : "no") + ")";
    }
}
