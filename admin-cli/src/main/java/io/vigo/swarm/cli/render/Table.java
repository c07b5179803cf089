package io.vigo.swarm.cli.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A left-aligned text table: each column as wide as its widest cell or header plus two spaces,
 * the last column unpadded. A colouring function may wrap a cell's text; padding is never coloured.
 */
public final class Table {

    private final List<String> headers;
    private final int[] minWidths;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<List<UnaryOperator<String>>> colours = new ArrayList<>();

    public Table(List<String> headers, int... minWidths) {
        this.headers = headers;
        this.minWidths = minWidths;
    }

    public Table row(List<String> cells, List<UnaryOperator<String>> cellColours) {
        rows.add(cells);
        colours.add(cellColours);
        return this;
    }

    public Table row(List<String> cells) {
        return row(cells, List.of());
    }

    public String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            int width = headers.get(c).length();
            for (List<String> row : rows) {
                width = Math.max(width, row.get(c).length());
            }
            widths[c] = Math.max(width + 2, c < minWidths.length ? minWidths[c] : 0);
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, List.of(), widths);
        for (int r = 0; r < rows.size(); r++) {
            line(out, rows.get(r), colours.get(r), widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, List<UnaryOperator<String>> cellColours, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            out.append(c < cellColours.size() && cellColours.get(c) != null ? cellColours.get(c).apply(cell) : cell);
            if (c < cells.size() - 1) {
                out.append(" ".repeat(widths[c] - cell.length()));
            }
        }
        out.append('\n');
    }
}
