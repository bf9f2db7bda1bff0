package fr.signalement.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One dashboard table as served: the period, the breakdown, the columns (key, French title, kind:
 * {@code text}, {@code count}, {@code hours}, {@code ratio}, {@code share} in [0, 1] or {@code flag}), the total row and the rows.
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
        /** Yes or no (JSON true/false, CSV "oui"/"non"). */
        static Column flag(String key, String title) { return new Column(key, title, "flag"); }
    }

    /**
     * How a spreadsheet expects its CSV: French (Excel and LibreOffice set to French split on {@code ;}
     * and read {@code 1,5} as a number — a comma-separated file opens as one column) or the
     * international convention ({@code ,} and {@code 1.5}).
     */
    public enum Convention {
        FRENCH(';', ','), INTERNATIONAL(',', '.');

        final char separator;
        final char decimal;

        Convention(char separator, char decimal) {
            this.separator = separator;
            this.decimal = decimal;
        }
    }

    /** CSV in the French convention (the default of the export buttons). */
    public String csv() {
        return csv(Convention.FRENCH);
    }

    /** RFC 4180 CSV with the convention's separators, UTF-8 with a byte-order mark so spreadsheet software reads the accents. */
    public String csv(Convention c) {
        StringBuilder out = new StringBuilder("\uFEFF");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) out.append(c.separator);
            out.append(quote(columns.get(i).title(), c));
        }
        out.append("\r\n");
        if (total != null) line(out, total, c);
        for (Map<String, Object> row : rows) line(out, row, c);
        return out.toString();
    }

    private void line(StringBuilder out, Map<String, Object> row, Convention c) {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) out.append(c.separator);
            Object v = row.get(columns.get(i).key());
            if (v == null) continue;
            if (v instanceof Double d) out.append(String.format(java.util.Locale.ROOT, "%.4f", d).replace('.', c.decimal));
            else if (v instanceof Number) out.append(v);
            else if (v instanceof Boolean b) out.append(b ? "oui" : "non");
            else out.append(quote(v.toString(), c));
        }
        out.append("\r\n");
    }

    static String quote(String s, Convention c) {
        // Cells starting with = + - @ are read as formulas by spreadsheets: neutralise them.
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        boolean needs = s.indexOf('"') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf(c.separator) >= 0;
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
