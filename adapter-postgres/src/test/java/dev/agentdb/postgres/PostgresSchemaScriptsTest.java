package dev.agentdb.postgres;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URL;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The scripts the adapter lists are exactly the ones it ships, and all of them load. */
class PostgresSchemaScriptsTest {
    @Test
    void should_list_every_shipped_script_and_nothing_else() throws Exception {
        URL dir = getClass().getClassLoader().getResource(PostgresAdapter.SCHEMA_SCRIPTS.location());
        String[] shipped = new File(dir.toURI()).list((d, name) -> name.endsWith(".sql"));
        assertThat(shipped).containsExactlyInAnyOrderElementsOf(PostgresAdapter.SCHEMA_SCRIPTS.names());
        assertThat(PostgresAdapter.SCHEMA_SCRIPTS.load()).hasSize(Arrays.asList(shipped).size());
    }
}
