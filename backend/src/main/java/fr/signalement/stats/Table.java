package fr.signalement.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One dashboard table as served: the period, the breakdown, the columns (key, French title, kind:
 * {@code text}, {@code count}, {@code hours}, {@code ratio} or {@code share} in [0, 1]), the total row and the rows.
 * The same shape is rendered as CSV.
 */
public record Table(String name, String title, Instant from, Instant to, Instant asOf, String dimension,
                    List<Column> columns, Map<String, Object> total, List<Map<String, Object>> rows) {

    public record Column(String key, String title, String kind) {
        static Column text(String key, String title) { return new Column(key, title, "text"); }
        static Column count(String key, String title) { return new Column(key, title, "count"); }
        static Column hours(String key, String title) { return new Column(key, title, "hours"); }
        static Column share(String key, String title) { return new Column(key, title, "share"); }
        static Column ratio(String key, String title) { return new Column(key, title, "ratio"); }
    }

    /** RFC 4180 CSV, UTF-8 with a byte-order mark so spreadsheet software reads the accents. */
    public String csv() {
        StringBuilder out = new StringBuilder("\uFEFF");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) out.append(',');
            out.append(quote(columns.get(i).title()));
        }
        out.append("\r\n");
        if (total != null) line(out, total);
        for (Map<String, Object> row : rows) line(out, row);
        return out.toString();
    }

    private void line(StringBuilder out, Map<String, Object> row) {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) out.append(',');
            Object v = row.get(columns.get(i).key());
            if (v == null) continue;
            if (v instanceof Double d) out.append(String.format(java.util.Locale.ROOT, "%.4f", d));
            else if (v instanceof Number) out.append(v);
            else out.append(quote(v.toString()));
        }
        out.append("\r\n");
    }

    static String quote(String s) {
        // Cells starting with = + - @ are read as formulas by spreadsheets: neutralise them.
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        return s.matches(".*[\",\\r\\n].*") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
