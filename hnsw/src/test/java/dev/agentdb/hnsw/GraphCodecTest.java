package dev.agentdb.hnsw;

import dev.agentdb.AgentDBException;
import dev.agentdb.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphCodecTest {

    @Test
    void should_round_trip_neighbour_lists_per_layer() {
        int[][] lists = {{3, 1, 2, Integer.MAX_VALUE, 0}, {}, {7}};
        byte[] bytes = GraphCodecWriter.encode(lists);
        assertThat(bytes).hasSize(GraphCodec.HEADER_BYTES + (2 + 20) + 2 + (2 + 4));
        assertThat(ByteBuffer.wrap(bytes).getInt()).isEqualTo(GraphCodec.MAGIC);
        assertThat(GraphCodecReader.decode(bytes)).isDeepEqualTo(lists);
    }

    @Test
    void should_refuse_an_unknown_format_version() {
        byte[] bytes = GraphCodec.encode(new int[][] {{1, 2}});
        ByteBuffer.wrap(bytes).putShort(4, (short) (GraphCodec.FORMAT_VERSION + 1));
        assertThatThrownBy(() -> GraphCodec.decode(bytes)).isInstanceOf(AgentDBException.class)
                .hasMessageContaining("unsupported format version 2")
                .hasMessageContaining("supports version 1");
    }

    @Test
    void should_refuse_bytes_without_the_magic_number_or_with_bad_lengths() {
        byte[] bytes = GraphCodec.encode(new int[][] {{1, 2}});
        byte[] badMagic = bytes.clone();
        badMagic[0] = 0;
        assertThatThrownBy(() -> GraphCodec.decode(badMagic)).hasMessageContaining("bad magic number");
        assertThatThrownBy(() -> GraphCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .hasMessageContaining("claims 2 ordinals");
        assertThatThrownBy(() -> GraphCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length + 1)))
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> GraphCodec.decode(new byte[3])).hasMessageContaining("shorter than");
    }

    @Test
    void should_refuse_to_encode_no_layers() {
        assertThatThrownBy(() -> GraphCodec.encode(new int[0][])).isInstanceOf(InvalidInputException.class);
    }
}
