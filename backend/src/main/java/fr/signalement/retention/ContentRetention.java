package fr.signalement.retention;

import fr.signalement.alert.Timeline;
import fr.signalement.audit.AuditLog;
import fr.signalement.photo.PhotoStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What citizens and staff wrote, and the photos, are kept a configurable time after the alert
 * became final (one year by default): then reports lose their text, address and exact point, the
 * timeline its notes, and photos their rows and files. Alerts, reports and dated steps stay for
 * the statistics. Every run is audited with its counts, never with what it erased.
 */
@ApplicationScoped
public class ContentRetention {
    private static final Logger LOG = Logger.getLogger(ContentRetention.class);

    @Inject
    EntityManager em;
    @Inject
    Timeline timeline;
    @Inject
    PhotoStore store;
    @Inject
    AuditLog audit;
    @ConfigProperty(name = "signalement.retention.text-days", defaultValue = "365")
    int textDays;
    @ConfigProperty(name = "signalement.retention.photo-days", defaultValue = "365")
    int photoDays;

    /** What one run erased. */
    public record Outcome(int reportTextsErased, int notesErased, int photosPurged, int textDays, int photoDays) {
    }

    public Outcome run() {
        int[] texts = QuarkusTransaction.requiringNew().call(() -> {
            int reports = em.createNativeQuery(RetentionSql.ERASE_REPORT_TEXTS).setParameter("days", textDays).executeUpdate();
            @SuppressWarnings("unchecked")
            List<Long> withNotes = em.createNativeQuery(RetentionSql.ALERTS_WITH_NOTES, Long.class)
                    .setParameter("days", textDays).getResultList();
            return new int[]{reports, timeline.eraseNotes(withNotes)};
        });
        // Rows first: once committed no page links the photo; a file left behind by a failed delete
        // is an orphan, which the photo sweep removes.
        List<Object[]> keys = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> deleted = em.createNativeQuery(RetentionSql.DELETE_PHOTOS)
                    .setParameter("days", photoDays).getResultList();
            return deleted;
        });
        for (Object[] photo : keys) {
            store.delete((String) photo[0]);
            if (photo[1] != null) {
                store.delete((String) photo[1]);
            }
        }
        Outcome outcome = new Outcome(texts[0], texts[1], keys.size(), textDays, photoDays);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("textDays", textDays);
        after.put("photoDays", photoDays);
        after.put("reportTextsErased", outcome.reportTextsErased());
        after.put("notesErased", outcome.notesErased());
        after.put("photosPurged", outcome.photosPurged());
        QuarkusTransaction.requiringNew().run(() ->
                audit.record(null, "system", "retention.content.purge", "report", null, after));
        LOG.infof("Content retention (text %d days, photos %d days): %d report text(s) erased, %d timeline note(s) erased, %d photo(s) purged",
                textDays, photoDays, outcome.reportTextsErased(), outcome.notesErased(), outcome.photosPurged());
        return outcome;
    }
}
