package dev.agentdb.spi;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class StateStoreTest {

    @Test
    void should_keep_the_engine_table_name_of_earlier_releases() {
        assertThat(StateStore.ENGINE.table()).isEqualTo("agentdb_meta");
        assertThat(StateStore.MIGRATION_CHECKPOINTS.table()).isEqualTo("agentdb_migration_checkpoints");
    }

    @Test
    void should_give_each_store_its_own_plain_reserved_table_name() {
        assertThat(Arrays.stream(StateStore.values()).map(StateStore::table)).doesNotHaveDuplicates()
                .allSatisfy(t -> assertThat(t).matches("agentdb_[a-z_]+"));
    }
}
