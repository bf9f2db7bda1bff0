package fr.signalement.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.common.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Loads a commune's (or an EPCI's) pack into PostgreSQL: its territory and branding, its communes'
 * boundaries, quartiers, sectors, addresses and its catalogue (geo-data/README.md describes the
 * files). Every part is loaded again only when its files change, so loading twice changes nothing,
 * and rows are upserted by code: alerts keep pointing at the same categories and services. Several
 * backend processes (or an administrator's load during a start) serialise on an advisory lock.
 * Addresses go in with COPY: 158,000 rows in seconds.
 */
@ApplicationScoped
public class PackLoader {
    private static final Logger LOG = Logger.getLogger(PackLoader.class);
    private static final long LOCK_KEY = 0x5160_0001L;
    /** A pack's name is its folder's: no path of any other kind gets near the file system. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Inject
    PackConfig config;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;

    /** What a load did: each part loaded or already up to date, with its row count. */
    public record Summary(String pack, String name, int communes, Map<String, Integer> loaded, List<String> upToDate,
                          long millis) {
    }

    void onStart(@Observes StartupEvent event) {
        config.load().forEach(this::load);
    }

    public Summary load(String pack) {
        if (pack == null || !NAME.matcher(pack).matches()) {
            throw ProblemException.badRequest("pack", "Nom de pack invalide : lettres minuscules, chiffres et tirets.");
        }
        Path dir = Path.of(config.dir()).resolve(pack);
        if (!Files.isRegularFile(dir.resolve("pack.json"))) {
            throw ProblemException.notFound("Aucun pack « " + pack + " » dans " + Path.of(config.dir()).toAbsolutePath()
                    + " (pas de pack.json).");
        }
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                exec(c, "SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                Summary s = new Load(c, pack, dir, readJson(dir.resolve("pack.json"))).run(start);
                c.commit();
                LOG.infof("Pack %s: loaded %s, up to date %s, in %d ms", pack, s.loaded(), s.upToDate(), s.millis());
                return s;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot load the pack " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** One load of one pack, on one connection and transaction. */
    private final class Load {
        final Connection c;
        final String pack;
        final Path dir;
        final JsonNode manifest;
        final List<JsonNode> members = new ArrayList<>();
        final Map<String, Integer> loaded = new LinkedHashMap<>();
        final List<String> upToDate = new ArrayList<>();

        Load(Connection c, String pack, Path dir, JsonNode manifest) {
            this.c = c;
            this.pack = pack;
            this.dir = dir;
            this.manifest = manifest;
            manifest.path("members").forEach(members::add);
            if (members.isEmpty()) {
                throw new IllegalStateException(dir.resolve("pack.json") + " names no member commune (\"members\")");
            }
        }

        Summary run(long start) throws SQLException, IOException {
            territory();
            part("communes", manifest.get("communes"), this::communes);
            part("quartiers", manifest.get("quartiers"), spec -> areas("quartier", spec));
            part("sectors", manifest.get("sectors"), spec -> areas("sector", spec));
            part("addresses", manifest.get("addresses"), this::addresses);
            JsonNode catalogue = manifest.get("catalogue");
            part("catalogue", catalogue == null ? null : json.createObjectNode().put("file", catalogue.asText()), this::catalogue);
            return new Summary(pack, manifest.path("name").asText(), members.size(), loaded, upToDate,
                    (System.nanoTime() - start) / 1_000_000);
        }

        interface PartLoader {
            int load(JsonNode spec) throws SQLException, IOException;
        }

        /** Loads a part of the pack unless its file and settings (and the members) are what was loaded last. */
        void part(String part, JsonNode spec, PartLoader loader) throws SQLException, IOException {
            if (spec == null || spec.isNull()) {
                return;
            }
            String name = pack + "/" + part;
            String fingerprint = fingerprint(dir.resolve(spec.path("file").asText()), spec.toString(), manifest.path("members").toString(),
                    manifest.path("kind").asText());
            if (upToDate(c, name, fingerprint)) {
                upToDate.add(part);
                return;
            }
            int rows = loader.load(spec);
            done(c, name, fingerprint, rows);
            loaded.put(part, rows);
        }

        void territory() throws SQLException {
            JsonNode b = manifest.path("branding");
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO territory (code, kind, name, siren, calendar, primary_color, accent_color, logo_url)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name = excluded.name, siren = excluded.siren,
                        calendar = excluded.calendar, primary_color = excluded.primary_color,
                        accent_color = excluded.accent_color, logo_url = excluded.logo_url, loaded_at = now()
                    """)) {
                ps.setString(1, pack);
                ps.setString(2, manifest.path("kind").asText("COMMUNE"));
                ps.setString(3, manifest.path("name").asText(pack));
                ps.setString(4, text(manifest, "siren"));
                ps.setString(5, manifest.path("calendar").asText("FR"));
                ps.setString(6, b.path("primaryColor").asText("#1d5f8a"));
                ps.setString(7, b.path("accentColor").asText("#c2410c"));
                ps.setString(8, b.path("logoUrl").asText("/logo.svg"));
                ps.executeUpdate();
            }
        }

        /**
         * The member communes' boundaries: with one member, the union of the features passing the
         * filter; with several, each feature is the commune its code property names.
         */
        int communes(JsonNode spec) throws SQLException, IOException {
            Map<String, List<String>> geometries = new LinkedHashMap<>();
            members.forEach(m -> geometries.put(m.path("insee").asText(), new ArrayList<>()));
            String filter = spec.path("filter").asText("");
            String codeProperty = text(spec, "codeProperty");
            for (JsonNode feature : features(dir.resolve(spec.path("file").asText()))) {
                JsonNode props = feature.path("properties");
                if (!matches(props, filter)) {
                    continue;
                }
                String insee = codeProperty == null ? members.get(0).path("insee").asText() : props.path(codeProperty).asText();
                List<String> list = geometries.get(insee);
                if (list != null) {
                    list.add(feature.get("geometry").toString());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO commune (insee_code, name, territory, siren, host, primary_color, accent_color, logo_url, contact,
                                         member_rank, geom, display_geom)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, u, ST_Multi(ST_SimplifyPreserveTopology(u, 0.00005))
                    FROM (SELECT ST_Multi(ST_Union(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)))) AS u
                          FROM unnest(?::text[]) AS g) x
                    ON CONFLICT (insee_code) DO UPDATE SET name = excluded.name, territory = excluded.territory,
                        siren = excluded.siren, host = excluded.host, primary_color = excluded.primary_color,
                        accent_color = excluded.accent_color, logo_url = excluded.logo_url, contact = excluded.contact,
                        member_rank = excluded.member_rank, geom = excluded.geom, display_geom = excluded.display_geom
                    """)) {
                int rank = 0;
                for (JsonNode m : members) {
                    String insee = m.path("insee").asText();
                    if (geometries.get(insee).isEmpty()) {
                        throw new IllegalStateException("No feature of " + spec.path("file").asText() + " is the commune "
                                + insee + " (" + m.path("name").asText() + ")");
                    }
                    ps.setString(1, insee);
                    ps.setString(2, m.path("name").asText());
                    ps.setString(3, pack);
                    ps.setString(4, text(m, "siren"));
                    ps.setString(5, text(m, "host"));
                    ps.setString(6, text(m, "primaryColor"));
                    ps.setString(7, text(m, "accentColor"));
                    ps.setString(8, text(m, "logoUrl"));
                    ps.setString(9, m.has("contact") ? m.get("contact").toString() : null);
                    ps.setInt(10, rank++);
                    ps.setArray(11, c.createArrayOf("text", geometries.get(insee).toArray()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM commune WHERE (territory = ? OR territory IS NULL) AND insee_code <> ALL (?)")) {
                ps.setString(1, pack);
                ps.setArray(2, c.createArrayOf("text", geometries.keySet().toArray()));
                ps.executeUpdate();
            }
            return members.size();
        }

        /** Quartiers or sectors, upserted by code; the pack's codes no longer in the file are removed. */
        int areas(String table, JsonNode spec) throws SQLException, IOException {
            String communeProperty = text(spec, "communeProperty");
            boolean display = table.equals("quartier");
            List<String> codes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + table + " (code, name, territory, insee_code, geom" + (display ? ", display_geom" : "") + ") "
                            + "SELECT ?, ?, ?, ?, g" + (display ? ", ST_Multi(ST_SimplifyPreserveTopology(g, 0.00005))" : "")
                            + " FROM (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)), 3)) AS g) x"
                            + " ON CONFLICT (code) DO UPDATE SET name = excluded.name, territory = excluded.territory,"
                            + " insee_code = excluded.insee_code, geom = excluded.geom"
                            + (display ? ", display_geom = excluded.display_geom" : ""))) {
                for (JsonNode feature : features(dir.resolve(spec.path("file").asText()))) {
                    JsonNode props = feature.path("properties");
                    String code = props.path(spec.path("codeProperty").asText()).asText();
                    codes.add(code);
                    ps.setString(1, code);
                    ps.setString(2, props.path(spec.path("nameProperty").asText()).asText());
                    ps.setString(3, pack);
                    ps.setString(4, communeProperty == null ? members.get(0).path("insee").asText() : props.path(communeProperty).asText());
                    ps.setString(5, feature.get("geometry").toString());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM " + table + " WHERE (territory = ? OR territory IS NULL) AND code <> ALL (?)")) {
                ps.setString(1, pack);
                ps.setArray(2, c.createArrayOf("text", codes.toArray()));
                ps.executeUpdate();
            }
            return codes.size();
        }

        /** A Base Adresse Nationale CSV export (plain or gzipped), replacing the pack's addresses. */
        int addresses(JsonNode spec) throws SQLException, IOException {
            Path file = dir.resolve(spec.path("file").asText());
            char sep = spec.path("separator").asText(";").charAt(0);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), 1 << 16)) {
                String header = reader.readLine();
                if (header == null) {
                    throw new IllegalStateException(file + " is empty");
                }
                List<String> columns = new ArrayList<>();
                for (String col : header.split(Pattern.quote(String.valueOf(sep)), -1)) {
                    columns.add('"' + col.trim().replace("\"", "") + '"');
                }
                for (String needed : List.of("\"id\"", "\"numero\"", "\"rep\"", "\"nom_voie\"", "\"code_postal\"", "\"code_insee\"", "\"lon\"", "\"lat\"")) {
                    if (!columns.contains(needed)) {
                        throw new IllegalStateException(file + " is not a BAN CSV export: column " + needed + " is missing");
                    }
                }
                exec(c, "CREATE TEMP TABLE ban_staging (" + String.join(" text, ", columns) + " text) ON COMMIT DROP");
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY ban_staging FROM STDIN WITH (FORMAT csv, DELIMITER '" + sep + "')", reader);
            }
            // Rows without a territory were loaded before packs existed: they are the one commune's.
            exec(c, "DROP INDEX IF EXISTS address_geog_idx");
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM address WHERE territory = ? OR territory IS NULL")) {
                ps.setString(1, pack);
                ps.executeUpdate();
            }
            int rows;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO address (id, numero, rep, street, postcode, insee_code, territory, geom)
                    SELECT id, CASE WHEN numero ~ '^[0-9]{1,9}$' THEN numero::integer END, nullif(rep, ''),
                           nom_voie, nullif(code_postal, ''), nullif(code_insee, ''), ?,
                           ST_SetSRID(ST_MakePoint(lon::float8, lat::float8), 4326)
                    FROM ban_staging
                    WHERE lon ~ '^-?[0-9.]+$' AND lat ~ '^-?[0-9.]+$' AND nom_voie <> ''
                    ON CONFLICT (id) DO NOTHING
                    """)) {
                ps.setString(1, pack);
                rows = ps.executeUpdate();
            }
            exec(c, "CREATE INDEX address_geog_idx ON address USING gist (geography(geom))");
            exec(c, "ANALYZE address");
            return rows;
        }

        /**
         * Services and categories, upserted by code. A per-commune service exists once per member
         * commune, with the town hall's contact; a communal-competence category is routed to each
         * commune's own (category_service). The pack's categories no longer in the file are disabled
         * (alerts still point at them), and every service gets a territory-wide team if it has none.
         */
        int catalogue(JsonNode spec) throws SQLException, IOException {
            JsonNode cat = readJson(dir.resolve(spec.path("file").asText()));
            Map<String, Long> serviceIds = new LinkedHashMap<>();
            Map<String, Map<String, Long>> perCommune = new LinkedHashMap<>();
            for (JsonNode s : cat.path("services")) {
                String code = s.path("code").asText();
                if (s.path("perCommune").asBoolean(false)) {
                    Map<String, Long> ids = new LinkedHashMap<>();
                    for (JsonNode m : members) {
                        JsonNode contact = m.path("contact");
                        String insee = m.path("insee").asText();
                        ids.put(insee, upsertService(code + "-" + insee, s.path("name").asText() + " – " + m.path("name").asText(),
                                text(s, "internalName"), contact.path("email").asText(""), contact.path("phone").asText(""),
                                contact.path("postalAddress").asText(""), s.path("deadlineMode").asText("CALENDAR"), insee));
                    }
                    perCommune.put(code, ids);
                } else {
                    serviceIds.put(code, upsertService(code, s.path("name").asText(), text(s, "internalName"),
                            s.path("email").asText(""), s.path("phone").asText(""), s.path("postalAddress").asText(""),
                            s.path("deadlineMode").asText("CALENDAR"), null));
                }
            }
            List<String> codes = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO category (code, label, internal_label, group_label, enabled, deadline_hours, dedup_radius_m,
                                          service_id, competence, territory)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET label = excluded.label, internal_label = excluded.internal_label,
                        group_label = excluded.group_label, enabled = excluded.enabled, deadline_hours = excluded.deadline_hours,
                        dedup_radius_m = excluded.dedup_radius_m, service_id = excluded.service_id,
                        competence = excluded.competence, territory = excluded.territory
                    RETURNING id
                    """);
                 PreparedStatement route = c.prepareStatement("""
                         INSERT INTO category_service (category_id, insee_code, service_id) VALUES (?, ?, ?)
                         ON CONFLICT (category_id, insee_code) DO UPDATE SET service_id = excluded.service_id
                         """);
                 PreparedStatement unroute = c.prepareStatement("DELETE FROM category_service WHERE category_id = ?")) {
                for (JsonNode k : cat.path("categories")) {
                    String code = k.path("code").asText();
                    String service = k.path("service").asText();
                    Map<String, Long> byCommune = perCommune.get(service);
                    Long serviceId = byCommune != null ? byCommune.values().iterator().next() : serviceIds.get(service);
                    if (serviceId == null) {
                        throw new IllegalStateException("Category " + code + " names an unknown service: " + service);
                    }
                    ps.setString(1, code);
                    ps.setString(2, k.path("label").asText());
                    ps.setString(3, text(k, "internalLabel"));
                    ps.setString(4, k.path("group").asText());
                    ps.setBoolean(5, k.path("enabled").asBoolean(true));
                    ps.setInt(6, k.path("deadlineHours").asInt());
                    ps.setInt(7, k.path("mergeRadiusM").asInt(30));
                    ps.setLong(8, serviceId);
                    ps.setString(9, k.path("competence").asText("COMMUNE"));
                    ps.setString(10, pack);
                    long categoryId;
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        categoryId = rs.getLong(1);
                    }
                    unroute.setLong(1, categoryId);
                    unroute.executeUpdate();
                    if (byCommune != null) {
                        for (var e : byCommune.entrySet()) {
                            route.setLong(1, categoryId);
                            route.setString(2, e.getKey());
                            route.setLong(3, e.getValue());
                            route.addBatch();
                        }
                    }
                    codes.add(code);
                }
                route.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE category SET enabled = false WHERE territory = ? AND code <> ALL (?)")) {
                ps.setString(1, pack);
                ps.setArray(2, c.createArrayOf("text", codes.toArray()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO team (service_id, name)
                    SELECT id, 'Équipe ' || name FROM service s
                    WHERE territory = ? AND NOT EXISTS (SELECT 1 FROM team t WHERE t.service_id = s.id)
                    """)) {
                ps.setString(1, pack);
                ps.executeUpdate();
            }
            return codes.size();
        }

        long upsertService(String code, String name, String internalName, String email, String phone, String postalAddress,
                           String deadlineMode, String insee) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO service (code, name, internal_name, email, phone, postal_address, deadline_mode, territory, insee_code)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, internal_name = excluded.internal_name,
                        email = excluded.email, phone = excluded.phone, postal_address = excluded.postal_address,
                        deadline_mode = excluded.deadline_mode, territory = excluded.territory, insee_code = excluded.insee_code
                    RETURNING id
                    """)) {
                ps.setString(1, code);
                ps.setString(2, name);
                ps.setString(3, internalName);
                ps.setString(4, email);
                ps.setString(5, phone);
                ps.setString(6, postalAddress);
                ps.setString(7, deadlineMode);
                ps.setString(8, pack);
                ps.setString(9, insee);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
    }

    private JsonNode readJson(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return json.readTree(in);
        }
    }

    private Iterable<JsonNode> features(Path file) throws IOException {
        JsonNode root = readJson(file);
        return root.has("features") ? root.get("features") : List.of(root);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static boolean matches(JsonNode properties, String filter) {
        if (filter.isBlank()) {
            return true;
        }
        int eq = filter.indexOf('=');
        return properties.path(filter.substring(0, eq).trim()).asText().equals(filter.substring(eq + 1).trim());
    }

    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Pack file not found: " + file.toAbsolutePath()
                    + " (set signalement.packs.dir to the folder holding the packs)");
        }
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static String fingerprint(Path file, String... settings) {
        try (InputStream in = open(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            sha.update(String.join("\u0000", settings).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean upToDate(Connection c, String name, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM geo_dataset WHERE name = ? AND fingerprint = ?")) {
            ps.setString(1, name);
            ps.setString(2, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void done(Connection c, String name, String fingerprint, int rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO geo_dataset (name, fingerprint, row_count) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint, row_count = excluded.row_count, loaded_at = now()
                """)) {
            ps.setString(1, name);
            ps.setString(2, fingerprint);
            ps.setInt(3, rows);
            ps.executeUpdate();
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
