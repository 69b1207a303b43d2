package dev.agentdb.postgres;

import dev.agentdb.InvalidInputException;
import dev.agentdb.postgres.internal.PostgresUrl;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresUrlTest {

    @Test
    void should_parse_the_postgresql_form_with_credentials_schema_and_driver_parameters() {
        PostgresUrl u = PostgresUrl.parse("postgresql://agent:s3cret@db.example.com:6543/prod?sslmode=require&schema=memory");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/prod");
        assertThat(u.user()).isEqualTo("agent");
        assertThat(u.password()).isEqualTo("s3cret");
        assertThat(u.schema()).isEqualTo("memory");
        assertThat(u.properties()).isEqualTo(Map.of("sslmode", "require"));
        assertThat(u.redacted()).doesNotContain("s3cret").contains("agent:***@");
        assertThat(u.toString()).doesNotContain("s3cret");
        assertThat(u.driverProperties()).containsEntry("user", "agent").containsEntry("password", "s3cret")
                .containsEntry("sslmode", "require");
    }

    @Test
    void should_parse_the_supabase_style_postgres_form_with_percent_encoded_password_and_default_port() {
        PostgresUrl u = PostgresUrl.parse("postgres://postgres.abcd:p%40ss%3Aw0rd@aws-0-eu.pooler.supabase.com/postgres?sslmode=require&prepareThreshold=0");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://aws-0-eu.pooler.supabase.com:5432/postgres");
        assertThat(u.user()).isEqualTo("postgres.abcd");
        assertThat(u.password()).isEqualTo("p@ss:w0rd");
        assertThat(u.schema()).isEqualTo(PostgresUrl.DEFAULT_SCHEMA);
        assertThat(u.properties()).containsEntry("prepareThreshold", "0").containsEntry("sslmode", "require");
    }

    @Test
    void should_parse_the_jdbc_form_with_user_and_password_parameters() {
        PostgresUrl u = PostgresUrl.parse("jdbc:postgresql://127.0.0.1:15432/agentdb?user=postgres&password=pw&schema=kit_1");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/agentdb");
        assertThat(u.user()).isEqualTo("postgres");
        assertThat(u.password()).isEqualTo("pw");
        assertThat(u.schema()).isEqualTo("kit_1");
        assertThat(u.properties()).isEmpty();
        assertThat(u.redacted()).doesNotContain("=pw").contains("password=***");
    }

    @Test
    void should_keep_ipv6_and_multi_host_lists_as_written() {
        assertThat(PostgresUrl.parse("postgresql://u@[::1]/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/db");
        assertThat(PostgresUrl.parse("postgresql://u@[::1]:6000/db").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:6000/db");
        assertThat(PostgresUrl.parse("postgresql://u@h1:5432,h2:5433/db?targetServerType=primary").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db");
        assertThat(PostgresUrl.parse("postgresql://localhost").user()).isNull();
    }

    @Test
    void should_refuse_schema_names_that_are_not_plain_identifiers_without_leaking_the_password() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:topsecret@h/db?schema=x%22;drop"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("url:")
                .hasMessageContaining("schema")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void should_refuse_urls_of_other_backends_and_urls_without_host() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:pw@h/db")).isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining(":pw@");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql:db")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("//host");
    }

    @Test
    void should_claim_the_three_schemes_in_the_provider() {
        PostgresAdapterProvider p = new PostgresAdapterProvider();
        assertThat(p.handles(URI.create("postgresql://h/db"))).isTrue();
        assertThat(p.handles(URI.create("postgres://h/db"))).isTrue();
        assertThat(p.handles(URI.create("jdbc:postgresql://h/db"))).isTrue();
        assertThat(p.handles(URI.create("jdbc:sqlite:x.db"))).isFalse();
        assertThat(p.handles(URI.create("sqlite:x.db"))).isFalse();
        assertThat(java.util.ServiceLoader.load(dev.agentdb.spi.AdapterProvider.class).stream()
                .anyMatch(x -> x.type() == PostgresAdapterProvider.class)).isTrue();
    }
}
