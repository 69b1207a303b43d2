package dev.agentdb.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link NodeMap#expect}: a sizing hint that never changes what the map answers. */
class NodeMapTest {

    @Test
    void should_answer_the_same_after_being_sized_for_the_expected_nodes() {
        NodeMap map = new NodeMap(16);
        map.expect(5_000);
        for (int node = 0; node < 5_000; node++) {
            assertThat(map.put(node, "id-" + node, NodeMap.NO_KEY, node % 10 != 3)).isTrue();
        }
        assertThat(map.put(5_000, "id-7", NodeMap.NO_KEY, true)).as("a second live node of one id").isFalse();
        assertThat(map.liveCount()).isEqualTo(4_500);
        assertThat(map.ordinal("id-4999")).isEqualTo(4_999);
        assertThat(map.ordinal("id-13")).as("a tombstone is not live").isEqualTo(-1);
        assertThat(map.id(13)).isEqualTo("id-13");
        assertThat(map.key(12)).isEqualTo(NodeMap.NO_KEY);
    }

    @Test
    void should_ignore_the_hint_once_a_node_was_recorded() {
        NodeMap map = new NodeMap(16);
        map.put(0, "a", 7L, true);
        map.put(1, "b", NodeMap.NO_KEY, false);
        map.expect(1_000);
        assertThat(map.ordinal("a")).isZero();
        assertThat(map.key(0)).isEqualTo(7L);
        assertThat(map.id(1)).isEqualTo("b");
        assertThat(map.liveCount()).isEqualTo(1);
    }
}
