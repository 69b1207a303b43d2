package dev.agentdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AgentDBConfigTest {

    @ParameterizedTest
    @CsvSource({"sqlite:./agent.db,sqlite", "sqlite::memory:,sqlite", "SQLite:/abs/path.db,sqlite",
            "postgresql://u:p@localhost:5432/db,postgresql", "mongodb+srv://cluster/db,mongodb+srv", "d1://acct/db,d1",
            "jdbc:sqlite:x.db,jdbc"})
    void should_take_the_scheme_in_lower_case(String url, String scheme) {
        AgentDBConfig config = AgentDBConfig.of(url);

        assertThat(config.scheme()).isEqualTo(scheme);
        assertThat(config.url()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"./agent.db", "agent.db", ":memory:", "1abc:x", " :x", "-a:b", "//host/db"})
    void should_refuse_urls_without_a_scheme(String url) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> AgentDBConfig.of(url));

        assertThat(e.field()).isEqualTo("url");
        assertThat(e).hasMessageContaining("sqlite:./agent.db");
    }

    @Test
    void should_refuse_null_and_blank_urls() {
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> AgentDBConfig.of(null)).field()).isEqualTo("url");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> AgentDBConfig.of("  ")).field()).isEqualTo("url");
    }

    @Test
    void should_apply_documented_defaults() {
        AgentDBConfig config = AgentDBConfig.of("sqlite:a.db");

        assertThat(config.autoMigrate()).isTrue();
        assertThat(config.poolSize()).isEqualTo(AgentDBConfig.DEFAULT_POOL_SIZE).isEqualTo(10);
        assertThat(config.connectTimeoutMs()).isEqualTo(AgentDBConfig.DEFAULT_CONNECT_TIMEOUT_MS).isEqualTo(30_000);
        assertThat(config.busyTimeoutMs()).isEqualTo(AgentDBConfig.DEFAULT_BUSY_TIMEOUT_MS).isEqualTo(10_000);
        assertThat(config.properties()).isEmpty();
    }

    @Test
    void should_keep_built_values_and_immutable_properties() {
        AgentDBConfig.Builder builder = AgentDBConfig.builder("sqlite:a.db").autoMigrate(false).poolSize(1)
                .connectTimeoutMs(1).busyTimeoutMs(0).property("journal", "wal");
        AgentDBConfig config = builder.build();
        builder.property("journal", "delete").property("other", "x");

        assertThat(config.autoMigrate()).isFalse();
        assertThat(config.poolSize()).isEqualTo(1);
        assertThat(config.connectTimeoutMs()).isEqualTo(1);
        assertThat(config.busyTimeoutMs()).isZero();
        assertThat(config.properties()).containsExactly(java.util.Map.entry("journal", "wal"));
        assertThat(config.property("journal", "x")).isEqualTo("wal");
        assertThat(config.property("missing", "fallback")).isEqualTo("fallback");
        assertThatThrownBy(() -> config.properties().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_name_the_field_out_of_range() {
        assertThat(field(AgentDBConfig.builder("sqlite:a").poolSize(0))).isEqualTo("poolSize");
        assertThat(field(AgentDBConfig.builder("sqlite:a").poolSize(1_001))).isEqualTo("poolSize");
        assertThat(field(AgentDBConfig.builder("sqlite:a").connectTimeoutMs(0))).isEqualTo("connectTimeoutMs");
        assertThat(field(AgentDBConfig.builder("sqlite:a").busyTimeoutMs(-1))).isEqualTo("busyTimeoutMs");
        assertThat(field(AgentDBConfig.builder("nourl"))).isEqualTo("url");
        assertThat(AgentDBConfig.builder("sqlite:a").poolSize(1_000).build().poolSize()).isEqualTo(1_000);
    }

    private static String field(AgentDBConfig.Builder builder) {
        return catchThrowableOfType(InvalidInputException.class, builder::build).field();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgresql://agent:s3cret@db.example:5432/agentdb | postgresql://agent:***@db.example:5432/agentdb",
            "mongodb+srv://user:p%40ss@cluster0.example/db      | mongodb+srv://user:***@cluster0.example/db",
            "mysql://localhost/db?user=u&password=s3cret&ssl=1  | mysql://localhost/db?user=u&password=***&ssl=1",
            "jdbc:postgresql://h/db?PASSWORD=s3cret             | jdbc:postgresql://h/db?PASSWORD=***",
            "sqlite:./agent.db                                  | sqlite:./agent.db",
            "postgresql://agent@db.example/agentdb              | postgresql://agent@db.example/agentdb"})
    void should_redact_passwords(String url, String redacted) {
        assertThat(AgentDBConfig.redact(url)).isEqualTo(redacted);
        assertThat(AgentDBConfig.of(url).redactedUrl()).isEqualTo(redacted);
        assertThat(AgentDBConfig.of(url).toString()).contains(redacted).doesNotContain("s3cret");
    }

    @Test
    void should_not_leak_the_password_in_the_error_for_a_missing_scheme() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> AgentDBConfig.of("//agent:s3cret@host/db"));

        assertThat(e).hasMessageNotContaining("s3cret");
        assertThat(AgentDBConfig.redact(null)).isNull();
    }
}
