package dev.agentdb.cli.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated JSON Lines files for the CLI's bad-input corpus: one to five lines, each a valid record
 * or one mutated into malformed input (cut short, garbage inserted, nested 1,500 deep, a number
 * beyond float32, NUL or an unpaired surrogate escaped in a string, wrong types, unknown fields, a
 * vector above the dimension limit, invalid UTF-8, ...). No blank lines, so that a record's line is
 * its number in the file.
 */
public final class JsonlCorpus {
    private static final Pattern LINE = Pattern.compile(": line (\\d+): ");

    private JsonlCorpus() {
    }

    /**
     * A generated file's content.
     *
     * @param lines the lines, as bytes (some not valid UTF-8)
     * @param description what was generated, for failure messages
     */
    public record File(List<byte[]> lines, String description) {
        /**
         * @param path where to write it
         * @return the path
         * @throws IOException when it cannot be written
         */
        public Path write(Path path) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] line : lines) {
                out.write(line);
                out.write('\n');
            }
            java.nio.file.Files.write(path, out.toByteArray());
            return path;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** The arbitrary of {@link #files()} for {@code @ForAll(supplier = JsonlCorpus.Files.class)}. */
    public static final class Files implements ArbitrarySupplier<File> {
        @Override
        public Arbitrary<File> get() {
            return files();
        }
    }

    /**
     * @param message an error message of the reader or the command
     * @return the number N of the first {@code ": line N: "} in it
     * @throws AssertionError when it names no line
     */
    public static int lineNamed(String message) {
        Matcher m = LINE.matcher(message);
        if (!m.find()) {
            throw new AssertionError("names no line: " + message);
        }
        return Integer.parseInt(m.group(1));
    }

    /** @return files of one to five lines, about half of them with at least one malformed line */
    public static Arbitrary<File> files() {
        return Combinators.combine(line().list().ofMinSize(1).ofMaxSize(5), Arbitraries.of(2, 3)).as((lines, dim) -> {
            StringBuilder description = new StringBuilder();
            List<byte[]> bytes = lines.stream().map(l -> {
                description.append(description.length() == 0 ? "" : " | ").append(l.get1());
                return l.get2().apply(dim);
            }).toList();
            return new File(bytes, description.toString());
        });
    }

    /** A line: its description and how to make its bytes for the file's dimension. */
    private static Arbitrary<Tuple.Tuple2<String, java.util.function.IntFunction<byte[]>>> line() {
        return Combinators.combine(Arbitraries.integers().between(0, 16), Arbitraries.strings().alpha().numeric().ofMaxLength(8),
                Arbitraries.randoms(), Arbitraries.strings().all().excludeChars('\n', '\r').ofMaxLength(6)).as((kind, id, random, garbage) ->
                Tuple.of(kindName(kind), dim -> make(kind, id, random, garbage, dim)));
    }

    private static String kindName(int kind) {
        return kind <= 6 ? "valid" : List.of("cut short", "garbage inserted", "nested 1,500 deep", "1e999 in the vector",
                "NUL escaped in the id", "unpaired surrogate escaped in metadata", "wrong types", "unknown field",
                "20,000 dimensions", "invalid UTF-8").get(kind - 7);
    }

    private static byte[] make(int kind, String id, Random random, String garbage, int dim) {
        StringBuilder vector = new StringBuilder("[");
        for (int i = 0; i < dim; i++) {
            vector.append(i == 0 ? "" : ",").append(random.nextInt(200) - 100).append('.').append(random.nextInt(10));
        }
        vector.append(']');
        String idJson = id.isEmpty() ? "" : "\"id\":\"" + id + "\",";
        String valid = "{" + idJson + "\"vector\":" + vector + ",\"metadata\":{\"n\":" + random.nextInt(5) + ",\"s\":\"\\u00e9\"},"
                + "\"text\":\"t\"}";
        String line;
        switch (kind) {
            case 7 -> line = valid.substring(0, 1 + random.nextInt(valid.length() - 1)); // never blank: blank lines are skipped
            case 8 -> {
                int at = random.nextInt(valid.length() + 1);
                line = valid.substring(0, at) + garbage + valid.substring(at);
            }
            case 9 -> line = "{\"vector\":" + vector + ",\"metadata\":" + "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_501);
            case 10 -> line = "{\"vector\":[1e999" + ",1".repeat(dim - 1) + "]}";
            case 11 -> line = "{\"id\":\"a\\u0000" + id + "\",\"vector\":" + vector + "}";
            case 12 -> line = "{\"vector\":" + vector + ",\"metadata\":{\"k\":\"\\ud800\"}}";
            case 13 -> line = random.nextBoolean() ? "{\"id\":true,\"vector\":" + vector + "}" : "{\"vector\":\"" + id + "\"}";
            case 14 -> line = "{\"vector\":" + vector + ",\"vectr\":1}";
            case 15 -> line = "{\"vector\":[" + "1,".repeat(19_999) + "1]}";
            case 16 -> {
                byte[] ok = valid.getBytes(StandardCharsets.UTF_8);
                byte[] bad = new byte[ok.length + 2];
                System.arraycopy(ok, 0, bad, 0, ok.length - 1);
                bad[ok.length - 1] = (byte) 0xC3; // a lead byte followed by no continuation byte
                bad[ok.length] = (byte) 0x28;
                bad[ok.length + 1] = '}';
                return bad;
            }
            default -> line = valid;
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }
}
