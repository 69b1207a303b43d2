package dev.agentdb.sqlite;

import dev.agentdb.InvalidInputException;
import dev.agentdb.sqlite.internal.SqliteUrl;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteAdapterProviderTest {
    private final SqliteAdapterProvider provider = new SqliteAdapterProvider();

    @Test
    void should_handle_sqlite_and_jdbc_sqlite_urls_only() {
        assertThat(provider.handles(URI.create("sqlite:./agent.db"))).isTrue();
        assertThat(provider.handles(URI.create("sqlite:/abs/path.db"))).isTrue();
        assertThat(provider.handles(URI.create("sqlite::memory:"))).isTrue();
        assertThat(provider.handles(URI.create("SQLITE:x.db"))).isTrue();
        assertThat(provider.handles(URI.create("jdbc:sqlite:/tmp/x.db"))).isTrue();
        assertThat(provider.handles(URI.create("jdbc:postgresql://h/db"))).isFalse();
        assertThat(provider.handles(URI.create("postgresql://h/db"))).isFalse();
        assertThat(provider.backendType()).isEqualTo(dev.agentdb.BackendType.SQLITE);
    }

    @Test
    void should_parse_file_and_memory_targets() {
        assertThat(SqliteUrl.parse("sqlite:./agent.db")).isEqualTo(new SqliteUrl("./agent.db", false));
        assertThat(SqliteUrl.parse("sqlite:/abs/path.db").jdbcUrl()).isEqualTo("jdbc:sqlite:/abs/path.db");
        assertThat(SqliteUrl.parse("sqlite::memory:").memory()).isTrue();
        assertThat(SqliteUrl.parse("jdbc:sqlite::memory:").memory()).isTrue();
        assertThat(SqliteUrl.parse("jdbc:sqlite:data/a.db").target()).isEqualTo("data/a.db");
        assertThatThrownBy(() -> SqliteUrl.parse("sqlite:")).isInstanceOf(InvalidInputException.class).hasMessageContaining("url");
        assertThatThrownBy(() -> SqliteUrl.parse("mysql://x")).isInstanceOf(InvalidInputException.class);
    }
}
