/**
 * The MySQL and MariaDB adapter: {@link dev.agentdb.mysql.MysqlAdapter}, found by
 * {@link dev.agentdb.mysql.MysqlAdapterProvider} for {@code mysql://}, {@code mariadb://},
 * {@code jdbc:mysql://} and {@code jdbc:mariadb://} URLs; {@link dev.agentdb.mysql.MysqlFilterTranslator}
 * renders filters; {@link dev.agentdb.mysql.MysqlServer} tells what the server can do.
 */
package dev.agentdb.mysql;
