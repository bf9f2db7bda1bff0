package fr.signalement.geo;

import fr.signalement.common.NamedSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Addresses of the commune's address base (BAN) as a person types them, and the address nearest a
 * point. Typing is matched word by word against the street names, the last word as a prefix ("12
 * rue de riv" finds "12 Rue de Rivoli"), tolerant of accents, case, the usual abbreviations and one
 * typing mistake per word ("rivili", "vaugirar"). The street list (Paris: 7,600 names) is matched in
 * memory; the house number is then looked up with one index probe per street found.
 */
@ApplicationScoped
public class AddressSearch {
    /**
     * A place to offer: an address (with its BAN id) or, when no number was typed, a street at a
     * point on it (no id). {@code exactNumber}: the typed number exists (else the nearest one is given).
     */
    public record Hit(String id, String label, String street, Integer number, String postcode, double lat, double lon,
                      boolean exactNumber) {
    }

    /** The address nearest a point and how far it is, in metres. */
    public record Nearest(Hit address, double distanceM) {
    }

    private record Street(String name, String postcode, int numbers, double lat, double lon, String[] tokens) {
    }

    private record Scored(Street street, double score) {
    }

    private record Snapshot(String signature, List<Street> streets, long checkedAt) {
    }

    /** How long a street list is trusted before its signature is compared with the database again. */
    private static final long RECHECK_NANOS = 60_000_000_000L;
    private static final NamedSql STREETS = new NamedSql(AddressSql.STREETS);
    private static final NamedSql SIGNATURE = new NamedSql(AddressSql.STREETS_SIGNATURE);
    private static final NamedSql NUMBERS = new NamedSql(AddressSql.NUMBERS);
    private static final NamedSql NEAREST = new NamedSql(AddressSql.NEAREST);

    @Inject
    AgroalDataSource dataSource;

    private volatile Snapshot snapshot;

    /** At most {@code limit} places for the typed text, best first; empty for fewer than 3 letters. */
    public List<Hit> search(String text, int limit) {
        Query q = Query.parse(text);
        if (q == null) {
            return List.of();
        }
        List<Scored> found = new ArrayList<>();
        for (Street s : streets()) {
            double score = q.score(s.tokens());
            if (score >= 0) {
                if (q.postcode() != null && q.postcode().equals(s.postcode())) {
                    score += 0.5;
                }
                found.add(new Scored(s, score));
            }
        }
        found.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparing(Comparator.comparingInt((Scored x) -> x.street().numbers()).reversed())
                .thenComparing(x -> x.street().name()));
        List<Scored> top = found.subList(0, Math.min(found.size(), limit));
        if (q.number() == null) {
            return top.stream().map(x -> new Hit(null, x.street().name(), x.street().name(), null, x.street().postcode(),
                    x.street().lat(), x.street().lon(), false)).toList();
        }
        return withNumbers(top, q.number(), q.rep());
    }

    /** The address nearest the point, if one lies within {@code maxDistanceM}. */
    public Optional<Nearest> nearest(double lat, double lon, double maxDistanceM) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = NEAREST.prepare(c, "lat", lat, "lon", lon);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getDouble("distance_m") > maxDistanceM) {
                return Optional.empty();
            }
            Integer number = (Integer) rs.getObject("numero");
            String rep = rs.getString("rep");
            String street = rs.getString("street");
            return Optional.of(new Nearest(new Hit(rs.getString("id"), label(number, rep, street), street, number,
                    rs.getString("postcode"), rs.getDouble("lat"), rs.getDouble("lon"), true), rs.getDouble("distance_m")));
        } catch (SQLException e) {
            throw new IllegalStateException("Address lookup failed", e);
        }
    }

    private List<Hit> withNumbers(List<Scored> top, int number, String rep) {
        if (top.isEmpty()) {
            return List.of();
        }
        String[] names = top.stream().map(x -> x.street().name()).toArray(String[]::new);
        String[] postcodes = top.stream().map(x -> x.street().postcode()).toArray(String[]::new);
        List<Hit> hits = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = NUMBERS.prepare(c, "numero", number, "rep", rep == null ? "" : rep,
                     "streets", c.createArrayOf("text", names), "postcodes", c.createArrayOf("text", postcodes));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Street s = top.get(rs.getInt("ord") - 1).street();
                Integer n = (Integer) rs.getObject("numero");
                hits.add(new Hit(rs.getString("id"), label(n, rs.getString("rep"), s.name()), s.name(), n, s.postcode(),
                        rs.getDouble("lat"), rs.getDouble("lon"), rs.getBoolean("exact")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Address lookup failed", e);
        }
        // A street split between two postcodes (a boulevard between arrondissements) holds the number
        // on one side only: offer that one, not the nearest number on the other side too.
        Set<String> exactStreets = new HashSet<>();
        hits.stream().filter(Hit::exactNumber).forEach(h -> exactStreets.add(h.street()));
        List<Hit> out = new ArrayList<>();
        for (Hit h : hits) {
            if (h.exactNumber() || !exactStreets.contains(h.street())) {
                out.add(h);
            }
        }
        // Equally matching streets: the one where the number exists first (the sort is stable).
        out.sort(Comparator.comparingDouble((Hit h) -> -scoreOf(h, top)).thenComparing(h -> !h.exactNumber()));
        return out;
    }

    private static double scoreOf(Hit h, List<Scored> top) {
        return top.stream().filter(s -> s.street().name().equals(h.street()) && Objects.equals(s.street().postcode(), h.postcode()))
                .mapToDouble(Scored::score).findFirst().orElse(0);
    }

    static String label(Integer number, String rep, String street) {
        return number == null ? street : (number + (rep == null || rep.isBlank() ? "" : " " + rep) + " " + street);
    }

    private List<Street> streets() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s != null && now - s.checkedAt() < RECHECK_NANOS) {
            return s.streets();
        }
        synchronized (this) {
            s = snapshot;
            if (s != null && now - s.checkedAt() < RECHECK_NANOS) {
                return s.streets();
            }
            try (Connection c = dataSource.getConnection()) {
                String signature;
                try (PreparedStatement ps = SIGNATURE.prepare(c); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    signature = rs.getString("signature");
                }
                List<Street> list = s != null && s.signature().equals(signature) ? s.streets() : load(c);
                snapshot = new Snapshot(signature, list, now);
                return list;
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot read the street list", e);
            }
        }
    }

    private static List<Street> load(Connection c) throws SQLException {
        List<Street> out = new ArrayList<>();
        try (PreparedStatement ps = STREETS.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString("street");
                String[] tokens = Arrays.stream(Geocoder.normalize(name).split(" "))
                        .filter(t -> !t.isEmpty() && !Geocoder.STOP.contains(t)).toArray(String[]::new);
                out.add(new Street(name, rs.getString("postcode"), rs.getInt("numbers"), rs.getDouble("lat"),
                        rs.getDouble("lon"), tokens));
            }
        }
        return List.copyOf(out);
    }

    /** What was typed: an optional number and repetition, an optional postcode, the street's words. */
    record Query(Integer number, String rep, String postcode, List<String> words) {
        static Query parse(String text) {
            if (text == null) {
                return null;
            }
            String norm = Geocoder.normalize(text.length() > 200 ? text.substring(0, 200) : text);
            String postcode = null;
            Matcher pc = Geocoder.POSTCODE.matcher(norm);
            if (pc.find()) {
                postcode = pc.group(1);
                norm = (norm.substring(0, pc.start()) + " " + norm.substring(pc.end())).trim();
            }
            Integer number = null;
            String rep = null;
            Matcher nm = Geocoder.NUMBER.matcher(norm);
            if (nm.matches()) {
                number = Integer.parseInt(nm.group(1));
                rep = nm.group(2) == null ? null : Geocoder.REPETITIONS.getOrDefault(nm.group(2), nm.group(2));
                norm = nm.group(3);
            }
            List<String> words = new ArrayList<>();
            String[] raw = norm.split(" ");
            for (int i = 0; i < raw.length; i++) {
                String t = raw[i];
                if (t.isEmpty() || Geocoder.NOISE.contains(t) || Geocoder.STOP.contains(t) || t.matches("\\d{1,2}(e|er|eme)")) {
                    continue;
                }
                // The word being typed stays a prefix ("av" may become "avenue" or "ave maria"); the
                // finished ones are expanded ("bd" → "boulevard").
                words.add(i < raw.length - 1 ? Geocoder.ABBREVIATIONS.getOrDefault(t, t) : t);
            }
            int letters = words.stream().mapToInt(String::length).sum();
            return letters < 3 ? null : new Query(number, rep, postcode, List.copyOf(words));
        }

        /**
         * How well the street's words match, -1 when they do not: every typed word must be found
         * (whole, or as the prefix for the last one; one typing mistake allowed in words of 5 letters
         * or more); a name with fewer words left over ranks higher.
         */
        double score(String[] tokens) {
            double sum = 0;
            boolean[] used = new boolean[tokens.length];
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                boolean last = i == words.size() - 1;
                double best = 0;
                int at = -1;
                for (int j = 0; j < tokens.length; j++) {
                    if (used[j]) {
                        continue;
                    }
                    String t = tokens[j];
                    double m = t.equals(w) ? 1
                            : last && t.startsWith(w) ? 0.95
                            : !last && w.equals(Geocoder.ABBREVIATIONS.get(t)) ? 1
                            : last && Geocoder.ABBREVIATIONS.getOrDefault(w, "").equals(t) ? 0.95
                            : Geocoder.close(t, w) ? 0.8
                            : last && w.length() >= 5 && t.length() > w.length() && Geocoder.close(t.substring(0, w.length()), w) ? 0.75
                            : 0;
                    if (m > best) {
                        best = m;
                        at = j;
                    }
                }
                if (best == 0) {
                    return -1;
                }
                used[at] = true;
                // Word order counts a little: "rue de la paix" before "paix … rue".
                sum += best + (at == i ? 0.01 : 0);
            }
            return sum / words.size() - 0.02 * (tokens.length - words.size());
        }
    }
}
