package fr.signalement.alert;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.common.Row;
import fr.signalement.photo.Photo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the public may see of an alert, decided by staff (FixMyStreet's moderation model): a
 * report's text is published as typed, or as an edited version (the original staying staff-only),
 * or kept private; a photo is public only once published. Every decision is a {@code MODERATION}
 * step of the timeline and an audit entry; neither copies the text, which retention must be able to erase.
 */
@ApplicationScoped
public class Moderation {
    /** The longest public text: the same bound as the longest description (an Open311 one). */
    public static final int MAX_PUBLIC_TEXT = 4000;

    @Inject
    fr.signalement.photo.PhotoAnonymisation anonymisation;
    @Inject
    EntityManager em;
    @Inject
    Lifecycle lifecycle;
    @Inject
    Timeline timeline;
    @Inject
    AuditLog audit;

    /**
     * Publishes the report's text: {@code publicText} null or blank publishes it as typed, anything
     * else publishes that edited version instead.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishDescription(long alertId, long reportId, String publicText, Actor actor) {
        lifecycle.lock(alertId);
        Row report = report(alertId, reportId);
        String original = report.text("description");
        boolean edited = publicText != null && !publicText.isBlank();
        String text = edited ? publicText.strip() : original;
        if (text == null || text.isBlank()) {
            throw ProblemException.unprocessable("publicText",
                    "Ce signalement n'a pas de description : saisissez le texte à publier.");
        }
        if (text.length() > MAX_PUBLIC_TEXT) {
            throw ProblemException.unprocessable("publicText",
                    "Le texte publié dépasse " + MAX_PUBLIC_TEXT + " caractères.");
        }
        if (text.indexOf('\0') >= 0) {
            throw ProblemException.unprocessable("publicText", "Le texte publié contient un caractère nul.");
        }
        edited = edited && !text.equals(original);
        em.createNativeQuery(AlertSql.PUBLISH_DESCRIPTION).setParameter("text", text)
                .setParameter("at", now()).setParameter("report", reportId).executeUpdate();
        record(alertId, reportId, actor, edited ? "description.published_edited" : "description.published",
                "report:" + reportId, Map.of("published", report.text("public_description") != null),
                Map.of("published", true, "edited", edited));
    }

    /** Takes the report's text back to staff-only. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void withdrawDescription(long alertId, long reportId, Actor actor) {
        lifecycle.lock(alertId);
        Row report = report(alertId, reportId);
        em.createNativeQuery(AlertSql.WITHDRAW_DESCRIPTION).setParameter("report", reportId).executeUpdate();
        record(alertId, reportId, actor, "description.withdrawn", "report:" + reportId,
                Map.of("published", report.text("public_description") != null), Map.of("published", false));
    }

    /** Publishes ({@code published}) or withdraws one of the alert's photos, a citizen's or an agent's. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishPhoto(long alertId, UUID photoKey, boolean published, Actor actor) {
        lifecycle.lock(alertId);
        Photo photo = Photo.byKey(photoKey).filter(p -> p.alertId == alertId).orElseThrow(() ->
                ProblemException.notFound("Aucune photo « " + photoKey + " » dans l'alerte n° " + alertId + "."));
        boolean before = photo.published();
        photo.publishedAt = published ? (before ? photo.publishedAt : now()) : null;
        record(alertId, photo.reportId, actor, published ? "photo.published" : "photo.withdrawn", "photo:" + photo.id,
                Map.of("published", before, "kind", photo.kind), Map.of("published", published, "kind", photo.kind));
    }

    /**
     * Staff set the regions blurred in a photo's public version (adding what detection missed,
     * removing what it blurred wrongly); the public version is made again from exactly these.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void setBlurBoxes(long alertId, UUID photoKey, java.util.List<fr.signalement.photo.Anonymiser.Box> boxes, Actor actor) {
        lifecycle.lock(alertId);
        Photo photo = Photo.byKey(photoKey).filter(p -> p.alertId == alertId).orElseThrow(() ->
                ProblemException.notFound("Aucune photo « " + photoKey + " » dans l'alerte n° " + alertId + "."));
        for (int i = 0; i < boxes.size(); i++) {
            var b = boxes.get(i);
            if (b == null || b.w() < 1 || b.h() < 1 || b.x() < 0 || b.y() < 0 || b.x() + b.w() > photo.width || b.y() + b.h() > photo.height) {
                throw ProblemException.badRequest("boxes[" + i + "]", "Chaque zone floutée doit tenir dans la photo ("
                        + photo.width + " × " + photo.height + " pixels), avec une largeur et une hauteur d'au moins 1.");
            }
        }
        int before = anonymisation.boxes(photo.id).size();
        anonymisation.setBoxes(photo.id, boxes);
        record(alertId, photo.reportId, actor, "photo.blur_edited", "photo:" + photo.id,
                Map.of("boxes", before, "kind", photo.kind), Map.of("boxes", boxes.size(), "kind", photo.kind));
    }

    private Row report(long alertId, long reportId) {
        return Row.first(em.createNativeQuery(AlertSql.REPORT_TEXTS, Tuple.class)
                        .setParameter("report", reportId).setParameter("alert", alertId))
                .orElseThrow(() -> ProblemException.notFound(
                        "Aucun signalement n° " + reportId + " dans l'alerte n° " + alertId + "."));
    }

    private void record(long alertId, Long reportId, Actor actor, String action, String target,
                        Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", action);
        data.put("target", target);
        timeline.step(alertId, AlertEvent.MODERATION, actor, now()).report(reportId).data(data).write();
        audit.record(actor.id(), actor.name(), "moderation." + action, target, before, after);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
