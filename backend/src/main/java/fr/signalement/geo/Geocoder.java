package fr.signalement.geo;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a postal address in the commune's address base (Base Adresse Nationale, table
 * {@code address}). Tolerant of case, accents, punctuation and the usual abbreviations
 * ("8 place de l'hotel de ville 75004" finds "8 Place de l' Hotel de Ville - Esplanade de la
 * Libération", "12 bd st michel" finds "12 Boulevard Saint-Michel"). The street list (a few
 * thousand names) is read once and matched in memory; the number is then looked up in SQL.
 */
@ApplicationScoped
public class Geocoder {
    /** A located address: the BAN id, its label, postcode and point; whether the number itself was found. */
    public record Match(String addressId, String label, String postcode, double lat, double lon, boolean exactNumber) {
    }

    private record Street(String name, String postcode, String normalized, List<String> tokens) {
    }

    static final Pattern NUMBER = Pattern.compile("^(\\d{1,4})\\s*(bis|ter|quater|quinquies|b|t|q|c|d)?\\b\\s*(.*)$");
    static final Pattern POSTCODE = Pattern.compile("\\b(\\d{5})\\b");
    static final Set<String> STOP = Set.of("de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "sur");
    static final Set<String> NOISE = Set.of("paris", "france", "cedex", "arrondissement", "arr");
    static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("bd", "boulevard"), Map.entry("bld", "boulevard"), Map.entry("boul", "boulevard"),
            Map.entry("av", "avenue"), Map.entry("ave", "avenue"), Map.entry("pl", "place"), Map.entry("r", "rue"),
            Map.entry("st", "saint"), Map.entry("ste", "sainte"), Map.entry("fg", "faubourg"), Map.entry("fbg", "faubourg"),
            Map.entry("imp", "impasse"), Map.entry("sq", "square"), Map.entry("pas", "passage"), Map.entry("pte", "porte"),
            Map.entry("crs", "cours"), Map.entry("qu", "quai"), Map.entry("all", "allee"), Map.entry("ch", "chemin"),
            Map.entry("rte", "route"), Map.entry("gal", "general"), Map.entry("mal", "marechal"), Map.entry("pr", "president"));
    static final Map<String, String> REPETITIONS = Map.of("b", "bis", "t", "ter", "q", "quater");

    @Inject
    AgroalDataSource dataSource;

    private volatile List<Street> streets;

    /** Locates a free-text address; empty when no street of the commune matches well enough. */
    public Optional<Match> geocode(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String norm = normalize(text);
        String postcode = null;
        Matcher pc = POSTCODE.matcher(norm);
        if (pc.find()) {
            postcode = pc.group(1);
            norm = (norm.substring(0, pc.start()) + " " + norm.substring(pc.end())).trim().replaceAll("\\s+", " ");
        }
        Integer number = null;
        String rep = null;
        Matcher nm = NUMBER.matcher(norm);
        if (nm.matches()) {
            number = Integer.parseInt(nm.group(1));
            rep = nm.group(2) == null ? null : REPETITIONS.getOrDefault(nm.group(2), nm.group(2));
            norm = nm.group(3);
        }
        List<String> query = new ArrayList<>();
        for (String t : norm.split(" ")) {
            if (t.isEmpty() || NOISE.contains(t) || t.matches("\\d{1,2}(e|er|eme)")) {
                continue;
            }
            query.add(ABBREVIATIONS.getOrDefault(t, t));
        }
        if (query.isEmpty()) {
            return Optional.empty();
        }
        // Equally good streets (one name across two postcodes, like a boulevard between two
        // arrondissements): the one where the number exists wins.
        Match fallback = null;
        try {
            for (Street s : bestStreets(String.join(" ", query), query, postcode)) {
                Match m = locate(s, number, rep);
                if (m != null && (m.exactNumber() || number == null)) {
                    return Optional.of(m);
                }
                if (fallback == null) {
                    fallback = m;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Address lookup failed", e);
        }
        return Optional.ofNullable(fallback);
    }

    /** The address with this BAN id. */
    public Optional<Match> byId(String addressId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT id, trim(concat_ws(' ', numero::text, rep, street)) AS label, postcode, ST_Y(geom) AS lat, ST_X(geom) AS lon
                     FROM address WHERE id = ?""")) {
            ps.setString(1, addressId);
            ResultSet rs = ps.executeQuery();
            return rs.next() ? Optional.of(new Match(rs.getString("id"), rs.getString("label"), rs.getString("postcode"),
                    rs.getDouble("lat"), rs.getDouble("lon"), true)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("Address lookup failed", e);
        }
    }

    private List<Street> bestStreets(String q, List<String> query, String postcode) {
        List<String> significant = query.stream().filter(t -> !STOP.contains(t)).toList();
        List<Street> best = new ArrayList<>();
        if (significant.isEmpty()) {
            return best;
        }
        double bestScore = 0;
        for (Street s : streets()) {
            double score;
            if (s.normalized().equals(q)) {
                score = 100;
            } else if (s.normalized().startsWith(q + " ")) {
                score = 90;
            } else {
                Set<String> tokens = new HashSet<>(s.tokens());
                int matched = 0;
                for (String t : significant) {
                    if (tokens.contains(t) || tokens.stream().anyMatch(st -> close(st, t))) {
                        matched++;
                    }
                }
                double ratio = (double) matched / significant.size();
                if (ratio < 0.75) {
                    continue;
                }
                score = 50 + 30 * ratio;
            }
            long extra = s.tokens().stream().filter(t -> !STOP.contains(t)).count() - significant.size();
            score -= Math.max(0, extra) * 0.5;
            if (postcode != null && postcode.equals(s.postcode())) {
                score += 20;
            }
            if (score > bestScore + 1e-9) {
                bestScore = score;
                best.clear();
                best.add(s);
            } else if (Math.abs(score - bestScore) <= 1e-9) {
                best.add(s);
            }
        }
        return best;
    }

    /**
     * Same word give or take one typing mistake — a letter missing, extra, wrong, or two letters
     * swapped ("mihcel") — for words long enough for that to be safe.
     */
    static boolean close(String a, String b) {
        if (a.length() < 5 || b.length() < 5 || Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        // Optimal string alignment distance (Levenshtein plus adjacent transpositions).
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()] <= 1;
    }

    private Match locate(Street s, Integer number, String rep) throws SQLException {
        String sql = number != null ? """
                SELECT id, trim(concat_ws(' ', numero::text, rep, street)) AS label, postcode, ST_Y(geom) AS lat, ST_X(geom) AS lon,
                       numero = ? AND coalesce(rep, '') = ? AS exact
                FROM address WHERE street = ? AND postcode IS NOT DISTINCT FROM ?
                ORDER BY numero = ? DESC, coalesce(rep, '') = ? DESC, abs(numero - ?), id LIMIT 1
                """ : """
                SELECT id, trim(concat_ws(' ', numero::text, rep, street)) AS label, postcode, ST_Y(geom) AS lat, ST_X(geom) AS lon, false AS exact
                FROM address WHERE street = ? AND postcode IS NOT DISTINCT FROM ?
                ORDER BY geom <-> (SELECT ST_Centroid(ST_Collect(geom)) FROM address
                                   WHERE street = ? AND postcode IS NOT DISTINCT FROM ?), id LIMIT 1
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (number != null) {
                String r = rep == null ? "" : rep;
                ps.setInt(1, number);
                ps.setString(2, r);
                ps.setString(3, s.name());
                ps.setString(4, s.postcode());
                ps.setInt(5, number);
                ps.setString(6, r);
                ps.setInt(7, number);
            } else {
                ps.setString(1, s.name());
                ps.setString(2, s.postcode());
                ps.setString(3, s.name());
                ps.setString(4, s.postcode());
            }
            ResultSet rs = ps.executeQuery();
            if (!rs.next()) {
                return null;
            }
            return new Match(rs.getString("id"), rs.getString("label"), rs.getString("postcode"), rs.getDouble("lat"),
                    rs.getDouble("lon"), rs.getBoolean("exact"));
        }
    }

    private List<Street> streets() {
        List<Street> s = streets;
        if (s == null) {
            synchronized (this) {
                if (streets == null) {
                    streets = loadStreets();
                }
                s = streets;
            }
        }
        return s;
    }

    private List<Street> loadStreets() {
        List<Street> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT street, postcode FROM address")) {
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                String n = normalize(rs.getString("street"));
                out.add(new Street(rs.getString("street"), rs.getString("postcode"), n, Arrays.asList(n.split(" "))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the address base", e);
        }
        return List.copyOf(out);
    }

    /** Forgets the street list (after the address base was reloaded). */
    public void refresh() {
        streets = null;
    }

    /** Lower case, no accents, letters and digits separated by single spaces. */
    static String normalize(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        n = n.toLowerCase(Locale.ROOT).replace("œ", "oe").replace("æ", "ae");
        n = n.replaceAll("[^a-z0-9]+", " ").trim();
        // "8bis" → "8 bis"
        return n.replaceAll("\\b(\\d{1,4})(bis|ter|quater|b|t|q)\\b", "$1 $2");
    }
}
