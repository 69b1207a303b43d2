package dev.agentdb.cli.io;

import dev.agentdb.VectorRecord;
import dev.agentdb.cli.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** Three 2x3 images whose pixels encode (image, pixel); pixel 5 of image 2 is 255. */
    private static byte[][] images() {
        byte[][] images = new byte[3][6];
        for (int i = 0; i < 3; i++) {
            for (int p = 0; p < 6; p++) {
                images[i][p] = (byte) (i * 10 + p);
            }
        }
        images[2][5] = (byte) 255;
        return images;
    }

    @Test
    void should_read_gzipped_images_as_unsigned_pixel_floats_with_labels_and_class_names() throws IOException {
        Path img = TestFiles.idxImages(dir.resolve("train-images-idx3-ubyte.gz"), images(), 2, 3, true);
        Path lab = TestFiles.idxLabels(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {7, 0, 9}, true);
        try (IdxReader in = new IdxReader(img, new ReaderOptions("img-", lab, LabelNames.FASHION_MNIST))) {
            assertThat(in.dimension()).isEqualTo(6);
            assertThat(in.expectedCount()).isEqualTo(3);
            VectorRecord first = in.next();
            assertThat(first.id()).isEqualTo("img-0");
            assertThat(first.embedding()).containsExactly(0f, 1f, 2f, 3f, 4f, 5f);
            assertThat(first.metadata()).isEqualTo(Map.of("label", 7, "class", "Sneaker"));
            assertThat(in.next().metadata()).containsEntry("class", "T-shirt/top");
            VectorRecord third = in.next();
            assertThat(third.embedding()[5]).isEqualTo(255f);
            assertThat(third.metadata()).containsEntry("class", "Ankle boot").containsEntry("label", 9);
            assertThat(in.next()).isNull();
        }
    }

    @Test
    void should_read_raw_images_without_labels() throws IOException {
        Path img = TestFiles.idxImages(dir.resolve("images.idx3"), images(), 2, 3, false);
        try (RecordReader in = DatasetFormat.guess(img).open(img, ReaderOptions.DEFAULT)) {
            assertThat(in.skip(1)).isEqualTo(1);
            VectorRecord second = in.next();
            assertThat(second.id()).isEqualTo("1");
            assertThat(second.metadata()).isEmpty();
            assertThat(in.position()).isEqualTo("byte offset 22 (image 1)");
        }
    }

    @Test
    void should_refuse_a_wrong_magic_number_at_offset_0() throws IOException {
        Path lab = TestFiles.idxLabels(dir.resolve("labels.gz"), new int[] {1, 2}, true);
        assertThatThrownBy(() -> new IdxReader(lab, ReaderOptions.DEFAULT)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("labels.gz: byte offset 0: magic number 0x00000801; expected 0x00000803");
    }

    @Test
    void should_name_the_byte_offset_where_truncated_images_end() throws IOException {
        Path img = TestFiles.idxImages(dir.resolve("cut-ubyte"), images(), 2, 3, false);
        TestFiles.truncate(img, 16 + 6 + 4);
        try (IdxReader in = new IdxReader(img, ReaderOptions.DEFAULT)) {
            in.next();
            assertThatThrownBy(in::next).isInstanceOf(DatasetFormatException.class)
                    .hasMessageContaining("cut-ubyte: byte offset 26: truncated: image 1 of 3 needs 6 bytes but the data end after 4");
        }
    }

    @Test
    void should_refuse_a_truncated_gzip_stream_with_an_offset() throws IOException {
        byte[][] big = new byte[200][6];
        Path img = TestFiles.idxImages(dir.resolve("big-ubyte.gz"), big, 2, 3, true);
        TestFiles.truncate(img, Files.size(img) - 12);
        try (IdxReader in = new IdxReader(img, ReaderOptions.DEFAULT)) {
            assertThatThrownBy(() -> {
                while (in.next() != null) {
                    // read until the damage
                }
            }).isInstanceOf(DatasetFormatException.class).hasMessageContaining("big-ubyte.gz: byte offset ");
        }
    }

    private Path corrupted(String name, boolean random) throws IOException {
        byte[][] images = new byte[300][64];
        java.util.Random rnd = new java.util.Random(7);
        for (byte[] image : images) {
            if (random) {
                rnd.nextBytes(image); // incompressible: gzip stores it, only the CRC can tell
            } else {
                image[rnd.nextInt(64)] = (byte) rnd.nextInt(4);
            }
        }
        Path img = TestFiles.idxImages(dir.resolve(name), images, 8, 8, true);
        byte[] bytes = Files.readAllBytes(img);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 8; i++) {
            bytes[i] ^= (byte) 0x5a;
        }
        Files.write(img, bytes);
        return img;
    }

    @Test
    void should_report_corrupt_gzip_data_with_the_file_and_an_offset() throws IOException {
        for (boolean random : new boolean[] {false, true}) {
            Path img = corrupted("noisy" + random + "-ubyte.gz", random);
            assertThatThrownBy(() -> {
                try (IdxReader in = new IdxReader(img, ReaderOptions.DEFAULT)) {
                    while (in.next() != null) {
                        // read until the damage
                    }
                }
            }).as("random=" + random).isInstanceOf(DatasetFormatException.class)
                    .hasMessageContaining("noisy" + random + "-ubyte.gz: byte offset ")
                    .hasMessageContaining(random ? "corrupt gzip data" : "");
        }
    }

    @Test
    void should_refuse_data_after_the_announced_images() throws IOException {
        Path img = TestFiles.idxImages(dir.resolve("long-ubyte"), images(), 2, 3, false);
        Files.write(img, new byte[] {1, 2}, java.nio.file.StandardOpenOption.APPEND);
        try (IdxReader in = new IdxReader(img, ReaderOptions.DEFAULT)) {
            in.skip(3);
            assertThatThrownBy(in::next).hasMessageContaining("long-ubyte: byte offset 34: unexpected data after the last of the 3 images");
        }
    }

    @Test
    void should_refuse_labels_whose_count_differs() throws IOException {
        Path img = TestFiles.idxImages(dir.resolve("img-ubyte"), images(), 2, 3, false);
        Path lab = TestFiles.idxLabels(dir.resolve("lab-ubyte"), new int[] {1, 2}, false);
        assertThatThrownBy(() -> new IdxReader(img, new ReaderOptions("", lab, null)))
                .hasMessageContaining("lab-ubyte: byte offset 4: holds 2 labels but img-ubyte holds 3 images");
    }

    @Test
    void should_refuse_a_truncated_header() throws IOException {
        Path img = dir.resolve("short-ubyte");
        Files.write(img, new byte[] {0, 0, 8, 3, 0, 0});
        assertThatThrownBy(() -> new IdxReader(img, ReaderOptions.DEFAULT))
                .hasMessageContaining("short-ubyte: byte offset 6: truncated IDX header");
    }
}
