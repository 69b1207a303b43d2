package dev.agentdb.cli.io;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of text holding at most a given number of characters, so that a file with one huge
 * line fails with a clear error instead of filling the heap ({@link java.io.BufferedReader#readLine()}
 * has no bound). Lines end with {@code \n}, {@code \r\n} or the end of the input. Not thread-safe.
 */
final class LineReader implements AutoCloseable {
    /** A line longer than the bound; the reader is left in the middle of it. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int max) {
            super("longer than " + max + " characters");
        }
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int end;

    /**
     * @param in the characters, not buffered necessarily
     * @param maxChars the longest line accepted, in characters (without its line break)
     */
    LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /**
     * @return the next line without its line break, or null at the end of the input
     * @throws LineTooLongException when the line holds more than {@code maxChars} characters
     * @throws IOException when reading fails (e.g. malformed UTF-8)
     */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == end) {
                end = in.read(buffer, 0, buffer.length);
                position = 0;
                if (end <= 0) {
                    end = 0;
                    return line == null ? null : stripCarriageReturn(line);
                }
            }
            int start = position;
            while (position < end && buffer[position] != '\n') {
                position++;
            }
            if (line == null) {
                line = new StringBuilder(Math.min(maxChars, position - start + 16));
            }
            if (line.length() + (position - start) > maxChars + 1) { // + 1: a '\r' before the '\n'
                throw new LineTooLongException(maxChars);
            }
            line.append(buffer, start, position - start);
            if (position < end) {
                position++; // the '\n'
                return stripCarriageReturn(line);
            }
        }
    }

    private String stripCarriageReturn(StringBuilder line) throws LineTooLongException {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        if (line.length() > maxChars) {
            throw new LineTooLongException(maxChars);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
