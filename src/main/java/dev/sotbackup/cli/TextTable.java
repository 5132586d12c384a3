package dev.sotbackup.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows under headers, each column as wide as its widest cell, a rule under the headers (restic's listings). */
final class TextTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    void add(List<String> row) {
        if (row.size() != headers.size()) {
            throw new IllegalArgumentException("a row of " + row.size() + " cells under " + headers.size()
                    + " headers");
        }
        rows.add(List.copyOf(row));
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (List<String> row : allRows()) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        int total = 0;
        for (int width : widths) {
            total += width + 2;
        }
        printRow(out, headers, widths);
        out.println("-".repeat(Math.max(0, total - 2)));
        rows.forEach(row -> printRow(out, row, widths));
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>(rows);
        all.add(headers);
        return all;
    }

    /** The last column is not padded: no trailing blanks. */
    private static void printRow(PrintWriter out, List<String> row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            line.append(cell);
            if (i < row.size() - 1) {
                line.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        out.println(line);
    }
}
