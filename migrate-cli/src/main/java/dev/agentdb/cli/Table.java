package dev.agentdb.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with columns sized to their content; numbers are right-aligned by the caller's choice. */
public final class Table {
    private final String[] headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * @param headers column titles; a title starting with {@code '>'} marks a right-aligned column
     *                (the {@code '>'} is not printed)
     */
    public Table(String... headers) {
        this.headers = new String[headers.length];
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].startsWith(">");
            this.headers[i] = rightAligned[i] ? headers[i].substring(1) : headers[i];
        }
    }

    /**
     * @param cells one value per column ({@code String.valueOf} is applied)
     * @return this table
     */
    public Table row(Object... cells) {
        String[] r = new String[headers.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = i < cells.length ? String.valueOf(cells[i]) : "";
        }
        rows.add(r);
        return this;
    }

    /** @param out where to print the header, a rule and the rows, each line indented by two spaces */
    public void print(PrintWriter out) {
        print(out, "  ");
    }

    /**
     * @param out where to print the header, a rule and the rows
     * @param indent printed before every line
     */
    public void print(PrintWriter out, String indent) {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        line(out, indent, headers, width);
        String[] rule = new String[headers.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(width[i]);
        }
        line(out, indent, rule, width);
        for (String[] r : rows) {
            line(out, indent, r, width);
        }
        out.flush();
    }

    private void line(PrintWriter out, String indent, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            boolean last = i == cells.length - 1;
            String pad = " ".repeat(width[i] - c.length());
            if (rightAligned[i]) {
                sb.append(pad).append(c);
            } else {
                sb.append(c);
                if (!last) {
                    sb.append(pad);
                }
            }
            if (!last) {
                sb.append("  ");
            }
        }
        out.println(sb.toString().stripTrailing());
    }
}
