package dev.agentdb.sharding;

import dev.agentdb.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardRingTest {
    private static final int IDS = 30_000;

    /** Placement decides where stored rows are: these values must never change between releases. */
    @Test
    void should_place_ids_exactly_as_released() {
        ShardRing ring = new ShardRing(List.of("db-a", "db-b", "db-c"));
        List<String> placed = new ArrayList<>();
        for (String id : List.of("r0000", "r0001", "r0002", "r0003", "doc-42", "\u00e9t\u00e9", "\uD83D\uDE00", "")) {
            placed.add(ring.names().get(ring.shardOf(id)));
        }
        assertThat(placed).containsExactly("db-b", "db-b", "db-c", "db-b", "db-a", "db-c", "db-b", "db-b");
        ShardRing four = new ShardRing(List.of("s0", "s1", "s2", "s3"));
        int[] counts = new int[4];
        for (int i = 0; i < IDS; i++) {
            counts[four.shardOf("r" + i)]++;
        }
        assertThat(counts).containsExactly(7520, 7444, 7568, 7468);
    }

    @Test
    void should_not_depend_on_the_order_of_the_names() {
        ShardRing abc = new ShardRing(List.of("a", "b", "c"));
        ShardRing cab = new ShardRing(List.of("c", "a", "b"));
        for (int i = 0; i < 1_000; i++) {
            String id = "id-" + i;
            assertThat(cab.names().get(cab.shardOf(id))).isEqualTo(abc.names().get(abc.shardOf(id)));
        }
    }

    @Test
    void should_spread_ids_evenly() {
        ShardRing ring = new ShardRing(List.of("s0", "s1", "s2", "s3"));
        int[] counts = new int[4];
        for (int i = 0; i < IDS; i++) {
            counts[ring.shardOf("r" + i)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(IDS / 4 - IDS / 40, IDS / 4 + IDS / 40); // within 10% of a quarter
        }
    }

    /** Adding a fourth shard moves about a quarter of the ids, every one of them onto the new shard. */
    @Test
    void should_move_only_the_new_shards_share_when_a_shard_is_added() {
        ShardRing three = new ShardRing(List.of("s0", "s1", "s2"));
        ShardRing four = new ShardRing(List.of("s0", "s1", "s2", "s3"));
        int moved = 0;
        for (int i = 0; i < IDS; i++) {
            String id = "r" + i;
            String before = three.names().get(three.shardOf(id));
            String after = four.names().get(four.shardOf(id));
            if (!before.equals(after)) {
                moved++;
                assertThat(after).isEqualTo("s3");
            }
        }
        assertThat((double) moved / IDS).isBetween(0.22, 0.28);
    }

    @Test
    void should_refuse_no_blank_or_equal_names() {
        assertThatThrownBy(() -> new ShardRing(List.of())).isInstanceOf(InvalidInputException.class).hasMessageContaining("shards");
        assertThatThrownBy(() -> new ShardRing(List.of("a", " "))).isInstanceOf(InvalidInputException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> new ShardRing(List.of("a", "a"))).isInstanceOf(InvalidInputException.class).hasMessageContaining("distinct");
    }

    @Test
    void should_put_everything_on_the_one_shard_of_a_ring_of_one() {
        ShardRing one = new ShardRing(List.of("only"));
        assertThat(one.shardOf("anything")).isZero();
    }
}
