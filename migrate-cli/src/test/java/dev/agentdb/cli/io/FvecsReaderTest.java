package dev.agentdb.cli.io;

import dev.agentdb.VectorRecord;
import dev.agentdb.cli.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FvecsReaderTest {
    @TempDir
    Path dir;

    private static final float[][] VECTORS = {{1f, 2f, 3f}, {-0.5f, 0f, 1e-3f}, {7f, 8f, 9f}};

    private static List<VectorRecord> readAll(RecordReader in) throws IOException {
        List<VectorRecord> out = new ArrayList<>();
        for (VectorRecord r = in.next(); r != null; r = in.next()) {
            out.add(r);
        }
        return out;
    }

    @Test
    void should_read_little_endian_vectors_with_ordinal_ids() throws IOException {
        Path f = TestFiles.fvecs(dir.resolve("base.fvecs"), VECTORS, false);
        try (RecordReader in = new FvecsReader(f, new ReaderOptions("v", null, null))) {
            assertThat(in.expectedCount()).isEqualTo(3);
            List<VectorRecord> all = readAll(in);
            assertThat(all).extracting(VectorRecord::id).containsExactly("v0", "v1", "v2");
            assertThat(all.get(1).embedding()).containsExactly(-0.5f, 0f, 1e-3f);
            assertThat(in.dimension()).isEqualTo(3);
            assertThat(in.position()).isEqualTo("byte offset 32");
        }
    }

    @Test
    void should_read_gzipped_files_transparently() throws IOException {
        Path f = TestFiles.fvecs(dir.resolve("base.fvecs.gz"), VECTORS, true);
        try (RecordReader in = DatasetFormat.guess(f).open(f, ReaderOptions.DEFAULT)) {
            assertThat(in.expectedCount()).isEqualTo(-1);
            assertThat(readAll(in)).hasSize(3).last().extracting(VectorRecord::id).isEqualTo("2");
        }
    }

    @Test
    void should_name_the_byte_offset_of_a_truncated_vector() throws IOException {
        Path f = TestFiles.truncate(TestFiles.fvecs(dir.resolve("cut.fvecs"), VECTORS, false), 16 + 16 + 10);
        try (RecordReader in = new FvecsReader(f, ReaderOptions.DEFAULT)) {
            in.next();
            in.next();
            assertThatThrownBy(in::next).isInstanceOf(DatasetFormatException.class)
                    .hasMessageContaining("cut.fvecs: byte offset 32: truncated vector 2: expected 12 bytes")
                    .hasMessageContaining("found 6");
        }
    }

    @Test
    void should_name_the_byte_offset_of_a_dimension_that_changes() throws IOException {
        Path f = TestFiles.fvecs(dir.resolve("mixed.fvecs"), new float[][] {{1f, 2f}, {1f, 2f, 3f}}, false);
        try (RecordReader in = new FvecsReader(f, ReaderOptions.DEFAULT)) {
            in.next();
            assertThatThrownBy(in::next).isInstanceOf(DatasetFormatException.class)
                    .hasMessageContaining("mixed.fvecs: byte offset 12: vector 1 declares dimension 3 but the file's first vector has 2");
        }
    }

    @Test
    void should_refuse_an_implausible_dimension_and_non_finite_components() throws IOException {
        Path f = dir.resolve("bad.fvecs");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-7).array());
        }
        try (RecordReader in = new FvecsReader(f, ReaderOptions.DEFAULT)) {
            assertThatThrownBy(in::next).hasMessageContaining("bad.fvecs: byte offset 0: vector 0 declares dimension -7");
        }
        Path nan = TestFiles.fvecs(dir.resolve("nan.fvecs"), new float[][] {{1f, 2f}, {3f, Float.NaN}}, false);
        try (RecordReader in = new FvecsReader(nan, ReaderOptions.DEFAULT)) {
            in.next();
            assertThatThrownBy(in::next).hasMessageContaining("nan.fvecs: byte offset 20: vector 1 component 1 is NaN");
        }
        Path stub = dir.resolve("stub.fvecs");
        Files.write(stub, new byte[] {2, 0}, StandardOpenOption.CREATE);
        try (RecordReader in = new FvecsReader(stub, ReaderOptions.DEFAULT)) {
            assertThatThrownBy(in::next).hasMessageContaining("stub.fvecs: byte offset 0: truncated vector 0: expected a 4-byte dimension, found 2");
        }
    }

    @Test
    void should_skip_records_to_resume() throws IOException {
        Path f = TestFiles.fvecs(dir.resolve("base.fvecs"), VECTORS, false);
        try (RecordReader in = new FvecsReader(f, ReaderOptions.DEFAULT)) {
            assertThat(in.skip(2)).isEqualTo(2);
            assertThat(in.next().id()).isEqualTo("2");
            assertThat(in.next()).isNull();
        }
    }
}
