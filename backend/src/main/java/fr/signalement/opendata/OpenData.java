package fr.signalement.opendata;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.alert.AlertSql;
import fr.signalement.common.Time;
import fr.signalement.photo.PhotoLinks;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The alerts as open data, in the shape of Paris' public DansMaRue dataset (its column names, one
 * row per alert): category group and category, the street without house number, postcode,
 * commune, quartier, the alert's public position (snapped to {@link AlertSql#PUBLIC_GRID_DEG}), the
 * channel, the service in charge, the status and the date of each step. Nothing that points at a
 * person: no text, no contact, no exact point, no time of day (dates only), and a photo only if
 * staff published it. Written as CSV or GeoJSON on demand, and daily to files when
 * {@code signalement.open-data.dir} is set.
 */
@ApplicationScoped
public class OpenData {
    private static final Logger LOG = Logger.getLogger(OpenData.class);

    /** The columns, DansMaRue's first, then the steps it does not have. */
    static final List<String> COLUMNS = List.of("numero", "type", "soustype", "adresse", "code_postal", "ville", "code_insee",
            "conseilquartier", "datedecl", "anneedecl", "moisdecl", "prefixe", "intervenant", "lat", "lon",
            "statut", "date_prise_en_compte", "date_affectation", "date_resolution", "date_cloture",
            "nb_signalements", "photo");

    private static final String SELECT = """
            SELECT a.id, a.insee_code, co.name AS commune, c.group_label, c.label, st.street, st.postcode, q.name AS quartier, a.first_report_at,
                   a.channel, s.name AS service, ST_Y(""" + AlertSql.publicPosition("a") + ") AS lat, ST_X("
            + AlertSql.publicPosition("a") + """
            ) AS lon,
                   a.status, a.qualified_at, a.assigned_at, a.resolved_at, a.closed_at, a.report_count,
                   (SELECT CAST(p.public_key AS text) FROM photo p
                     WHERE p.alert_id = a.id AND p.kind = 'REPORT' AND p.published_at IS NOT NULL
                     ORDER BY p.id LIMIT 1) AS photo_key
            FROM alert a
            JOIN category c ON c.id = a.category_id
            JOIN service s ON s.id = a.service_id
            LEFT JOIN quartier q ON q.code = a.quartier_code
            LEFT JOIN commune co ON co.insee_code = a.insee_code
            """ + AlertSql.publicStreet("a") + """

            ORDER BY a.id""";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    OpenDataConfig config;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "signalement.public-url")
    String publicUrl;

    public enum Format { CSV, GEOJSON }

    /** Writes every alert to {@code out}, row by row (the export is never held in memory). */
    public void write(Format format, OutputStream out) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a cursor: rows are fetched in batches
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    if (format == Format.CSV) {
                        csv(rs, out);
                    } else {
                        geojson(rs, out);
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Open data export failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        String street = rs.getString("street");
        String postcode = rs.getString("postcode");
        Timestamp declared = rs.getTimestamp("first_report_at");
        var day = declared.toInstant().atZone(Time.ZONE).toLocalDate();
        m.put("numero", rs.getLong("id"));
        m.put("type", rs.getString("group_label"));
        m.put("soustype", rs.getString("label"));
        // The commune the alert is in (one deployment serves several).
        String commune = rs.getString("commune");
        m.put("adresse", street == null ? null : street + ", " + (postcode == null ? "" : postcode + " ")
                + (commune == null ? "" : commune.toUpperCase(Locale.FRENCH)));
        m.put("code_postal", postcode);
        m.put("ville", commune);
        m.put("code_insee", rs.getString("insee_code"));
        m.put("conseilquartier", rs.getString("quartier"));
        m.put("datedecl", day.toString());
        m.put("anneedecl", day.getYear());
        m.put("moisdecl", day.getMonthValue());
        m.put("prefixe", channel(rs.getString("channel")));
        m.put("intervenant", rs.getString("service"));
        m.put("lat", rs.getDouble("lat"));
        m.put("lon", rs.getDouble("lon"));
        m.put("statut", rs.getString("status"));
        m.put("date_prise_en_compte", date(rs.getTimestamp("qualified_at")));
        m.put("date_affectation", date(rs.getTimestamp("assigned_at")));
        m.put("date_resolution", date(rs.getTimestamp("resolved_at")));
        m.put("date_cloture", date(rs.getTimestamp("closed_at")));
        m.put("nb_signalements", rs.getInt("report_count"));
        String photo = rs.getString("photo_key");
        m.put("photo", photo == null ? null : publicUrl.replaceAll("/+$", "") + PhotoLinks.path(UUID.fromString(photo), false));
        return m;
    }

    /** How the alert reached the commune, in DansMaRue's column "prefixe". */
    static String channel(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "pwa" -> "Application web";
            case "phone" -> "Téléphone";
            case "counter" -> "Accueil";
            case "email" -> "Courriel";
            case "mail" -> "Courrier";
            case "open311" -> "Open311";
            default -> code;
        };
    }

    private static String date(Timestamp t) {
        return t == null ? null : t.toInstant().atZone(Time.ZONE).toLocalDate().toString();
    }

    private void csv(ResultSet rs, OutputStream out) throws SQLException, IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.join(",", COLUMNS));
        w.write("\r\n");
        while (rs.next()) {
            List<String> cells = new ArrayList<>(COLUMNS.size());
            for (Object v : row(rs).values()) {
                cells.add(cell(v));
            }
            w.write(String.join(",", cells));
            w.write("\r\n");
        }
        w.flush();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break. */
    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        String s = String.valueOf(v);
        return s.matches("(?s).*[,\"\r\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private void geojson(ResultSet rs, OutputStream out) throws SQLException, IOException {
        JsonGenerator g = json.getFactory().createGenerator(out);
        g.writeStartObject();
        g.writeStringField("type", "FeatureCollection");
        g.writeStringField("name", "signalements");
        g.writeStringField("licence", config.licence());
        g.writeStringField("licence_url", config.licenceUrl());
        g.writeArrayFieldStart("features");
        while (rs.next()) {
            Map<String, Object> row = row(rs);
            g.writeStartObject();
            g.writeStringField("type", "Feature");
            g.writeObjectFieldStart("geometry");
            g.writeStringField("type", "Point");
            g.writeArrayFieldStart("coordinates");
            g.writeNumber((Double) row.get("lon"));
            g.writeNumber((Double) row.get("lat"));
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectField("properties", row);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    /** The daily files, replaced atomically so a reader never sees half of one. */
    @Scheduled(identity = "open-data-daily", cron = "{signalement.open-data.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void daily() {
        config.dir().ifPresent(dir -> {
            try {
                writeFiles(Path.of(dir));
            } catch (RuntimeException | IOException e) {
                LOG.error("Open data files not written", e);
            }
        });
    }

    /** Writes alertes.csv and alertes.geojson into {@code dir}; returns the two paths. */
    public List<Path> writeFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Format f : Format.values()) {
            Path target = dir.resolve(f == Format.CSV ? "alertes.csv" : "alertes.geojson");
            Path part = dir.resolve(target.getFileName() + ".part");
            try (OutputStream out = Files.newOutputStream(part)) {
                write(f, out);
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written.add(target);
        }
        LOG.infof("Open data written to %s", dir);
        return written;
    }
}
