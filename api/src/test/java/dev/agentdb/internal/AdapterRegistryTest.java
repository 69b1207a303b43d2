package dev.agentdb.internal;

import dev.agentdb.AgentDB;
import dev.agentdb.AgentDBConfig;
import dev.agentdb.BackendUnavailableException;
import dev.agentdb.ConflictException;
import dev.agentdb.spi.AdapterProvider;
import dev.agentdb.spi.DatabaseAdapter;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AdapterRegistryTest {

    /** A provider for tests: claims its schemes at a priority and never opens anything. */
    static class StubProvider implements AdapterProvider {
        private final String name;
        private final Set<String> schemes;
        private final int priority;
        final List<URI> seen = new ArrayList<>();

        StubProvider(String name, int priority, String... schemes) {
            this.name = name;
            this.priority = priority;
            this.schemes = Set.of(schemes);
        }

        @Override
        public dev.agentdb.BackendType backendType() {
            return dev.agentdb.BackendType.of(name);
        }

        @Override
        public Set<String> schemes() {
            return schemes;
        }

        @Override
        public boolean handles(URI url) {
            seen.add(url);
            return url.getScheme() != null && schemes.contains(url.getScheme().toLowerCase(java.util.Locale.ROOT));
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public DatabaseAdapter create(AgentDBConfig config) {
            throw new BackendUnavailableException(name + " cannot open " + config.redactedUrl());
        }
    }

    static class SqliteStub extends StubProvider {
        SqliteStub() {
            super("sqlite", 0, "sqlite");
        }
    }

    static class OtherSqliteStub extends StubProvider {
        OtherSqliteStub(int priority) {
            super("other-sqlite", priority, "sqlite");
        }
    }

    static class PostgresStub extends StubProvider {
        PostgresStub() {
            super("postgres", 0, "postgresql", "postgres");
        }
    }

    private static AdapterProvider select(String url, AdapterProvider... providers) {
        return AdapterRegistry.select(AgentDBConfig.of(url), List.of(providers));
    }

    @Test
    void should_select_the_provider_handling_the_scheme() {
        SqliteStub sqlite = new SqliteStub();
        PostgresStub postgres = new PostgresStub();

        assertThat(select("sqlite:./a.db", sqlite, postgres)).isSameAs(sqlite);
        assertThat(select("postgresql://u:p@h/db", sqlite, postgres)).isSameAs(postgres);
        assertThat(select("SQLITE::memory:", postgres, sqlite)).isSameAs(sqlite);
    }

    @Test
    void should_prefer_the_higher_priority_whatever_the_order() {
        SqliteStub low = new SqliteStub();
        OtherSqliteStub high = new OtherSqliteStub(10);

        assertThat(select("sqlite:a.db", low, high)).isSameAs(high);
        assertThat(select("sqlite:a.db", high, low)).isSameAs(high);
    }

    @Test
    void should_report_two_providers_at_the_same_priority_as_a_conflict_naming_both() {
        ConflictException e = catchThrowableOfType(ConflictException.class,
                () -> select("sqlite:a.db", new SqliteStub(), new PostgresStub(), new OtherSqliteStub(0)));

        assertThat(e).hasMessageContaining(SqliteStub.class.getName()).hasMessageContaining(OtherSqliteStub.class.getName())
                .hasMessageContaining("sqlite:").hasMessageContaining("priority 0");
    }

    @Test
    void should_not_report_a_tie_below_the_winning_priority() {
        OtherSqliteStub winner = new OtherSqliteStub(5);

        assertThat(select("sqlite:a.db", new SqliteStub(), winner, new StubProvider("third", 0, "sqlite"))).isSameAs(winner);
        assertThat(select("sqlite:a.db", new StubProvider("third", 0, "sqlite"), new SqliteStub(), winner)).isSameAs(winner);
    }

    @Test
    void should_report_a_tie_at_the_winning_priority_even_after_a_lower_one() {
        assertThatThrownBy(() -> select("sqlite:a.db", new SqliteStub(), new OtherSqliteStub(3),
                new StubProvider("third", 3, "sqlite"))).isInstanceOf(ConflictException.class);
    }

    @Test
    void should_list_available_schemes_when_none_handles_the_url() {
        BackendUnavailableException e = catchThrowableOfType(BackendUnavailableException.class,
                () -> select("mysql://h/db", new SqliteStub(), new PostgresStub()));

        assertThat(e).hasMessageContaining("'mysql:'").hasMessageContaining("available: postgres:, postgresql:, sqlite:");
    }

    @Test
    void should_say_no_adapter_is_installed_when_there_are_no_providers() {
        assertThatThrownBy(() -> AdapterRegistry.select(AgentDBConfig.of("sqlite:a.db"), List.of()))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("agentdb-adapter-");
    }

    @Test
    void should_hand_providers_a_uri_even_for_paths_a_uri_does_not_allow() {
        SqliteStub sqlite = new SqliteStub();

        assertThat(select("sqlite:C:\\My Data\\agent db.db", sqlite)).isSameAs(sqlite);
        assertThat(select("sqlite:./with space/a.db", sqlite)).isSameAs(sqlite);
        assertThat(sqlite.seen).allSatisfy(u -> assertThat(u.getScheme()).isEqualTo("sqlite"));
    }

    @Test
    void should_not_leak_passwords_in_messages() {
        BackendUnavailableException e = catchThrowableOfType(BackendUnavailableException.class,
                () -> AdapterRegistry.open(AgentDBConfig.of("apitest://agent:s3cret@host/db")));

        assertThat(e).hasMessageNotContaining("s3cret").hasMessageContaining("agent:***@host");
    }

    @Test
    void should_find_providers_with_the_service_loader() {
        assertThat(AdapterRegistry.providers()).extracting(p -> p.backendType().name()).contains("apitest");
    }

    @Test
    void should_dispatch_agentdb_open_by_scheme_and_list_schemes_for_unknown_ones() {
        assertThatThrownBy(() -> AgentDB.open("apitest:anything")).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("apitest cannot open");
        assertThatThrownBy(() -> AgentDB.open("nosuch:anything")).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("'nosuch:'").hasMessageContaining("apitest:");
    }
}
