package fr.signalement.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled sample of real Paris DansMaRue reports ({@code demo/dansmarue-demo.csv}, Ville de
 * Paris, ODbL) and how a row names one of our categories.
 */
public final class DemoCsv {
    public static final String RESOURCE = "demo/dansmarue-demo.csv";

    private DemoCsv() {
    }

    /** One DansMaRue report, as published (columns documented in demo/README.md). */
    public record Row(String idDmr, String type, String soustype, String adresse, LocalDate datedecl, String prefixe,
                      double lat, double lon) {
        /** The category code the catalogue generator gave this sub-type, before collision suffixes. */
        public String baseCode() {
            return slug(label());
        }

        /** The category label the catalogue generator derived from the sub-type. */
        public String label() {
            return cleanLabel(soustype);
        }
    }

    public static List<Row> read() {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("Missing classpath resource " + RESOURCE);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<List<String>> records = parse(r);
            List<String> header = records.get(0);
            Map<String, Integer> col = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                col.put(header.get(i).strip(), i);
            }
            List<Row> rows = new ArrayList<>();
            for (List<String> f : records.subList(1, records.size())) {
                if (f.size() < header.size()) {
                    continue;
                }
                rows.add(new Row(f.get(col.get("id_dmr")), f.get(col.get("type")), f.get(col.get("soustype")),
                        f.get(col.get("adresse")), LocalDate.parse(f.get(col.get("datedecl"))), f.get(col.get("prefixe")),
                        Double.parseDouble(f.get(col.get("lat"))), Double.parseDouble(f.get(col.get("lon")))));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180: comma-separated, double quotes around fields holding commas, quotes or newlines. */
    static List<List<String>> parse(BufferedReader r) throws IOException {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int ch;
        while ((ch = r.read()) != -1) {
            char c = (char) ch;
            any = true;
            if (quoted) {
                if (c == '"') {
                    r.mark(1);
                    int next = r.read();
                    if (next == '"') {
                        cur.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            r.reset();
                        }
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    r.mark(1);
                    if (r.read() != '\n') {
                        r.reset();
                    }
                }
                fields.add(cur.toString());
                cur.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any) {
            fields.add(cur.toString());
            records.add(fields);
        }
        return records;
    }

    /** As scripts/gen_catalog_seed.py: a bracketed internal prefix dropped, first letter upper-cased. */
    static String cleanLabel(String s) {
        String t = s.replaceFirst("^\\[[^\\]]*\\]\\s*", "").strip();
        return t.isEmpty() ? t : t.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + t.substring(1);
    }

    /** As scripts/gen_catalog_seed.py {@code slug()}: ASCII, lower case, dashes, at most 64 characters. */
    static String slug(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("[^\\x00-\\x7F]", "")
                .toLowerCase(java.util.Locale.ROOT);
        t = t.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (t.length() > 64) {
            t = t.substring(0, 64);
        }
        return t.replaceAll("-+$", "");
    }
}
