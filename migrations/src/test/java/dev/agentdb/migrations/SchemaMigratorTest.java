package dev.agentdb.migrations;

import dev.agentdb.ConflictException;
import dev.agentdb.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URL;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaMigratorTest {

    @Test
    void should_declare_the_highest_script_version_of_each_dialect() throws Exception {
        Pattern script = Pattern.compile("V(\\d+)__\\w+\\.sql");
        for (Dialect d : Dialect.values()) {
            URL dir = getClass().getClassLoader().getResource("db/agentdb/" + d.directory());
            assertThat(dir).as("scripts of %s", d).isNotNull();
            String[] names = new File(dir.toURI()).list();
            int highest = Arrays.stream(names).map(script::matcher).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
            assertThat(highest).as("highest script of %s", d).isEqualTo(d.latestVersion());
        }
    }

    @Test
    void should_refuse_a_newer_schema_with_both_versions_in_the_message() {
        assertThatThrownBy(() -> SchemaMigrator.refuseNewer(Dialect.POSTGRES.latestVersion() + 1, Dialect.POSTGRES))
                .isInstanceOf(ConflictException.class)
                .hasMessage("database schema version " + (Dialect.POSTGRES.latestVersion() + 1)
                        + " is newer than this library supports (" + Dialect.POSTGRES.latestVersion() + "); upgrade AgentDB");
        SchemaMigrator.refuseNewer(Dialect.POSTGRES.latestVersion(), Dialect.POSTGRES);
    }

    @Test
    void should_refuse_schema_names_that_are_not_plain_identifiers() {
        javax.sql.DataSource unused = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    throw new AssertionError("the database must not be touched");
                });
        assertThatThrownBy(() -> SchemaMigrator.migrate(unused, Dialect.POSTGRES, "x\"; DROP SCHEMA public; --"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("schema:");
    }

    @Test
    void should_read_the_major_part_of_flyway_versions() {
        assertThat(SchemaMigrator.majorVersion("3")).isEqualTo(3);
        assertThat(SchemaMigrator.majorVersion("2.1")).isEqualTo(2);
        assertThat(SchemaMigrator.majorVersion("x")).isZero();
        assertThat(Dialect.fromString("PostgreSQL")).isEqualTo(Dialect.POSTGRES);
    }
}
