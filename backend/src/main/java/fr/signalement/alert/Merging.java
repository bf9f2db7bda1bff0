package fr.signalement.alert;

import fr.signalement.audit.AuditLog;
import fr.signalement.catalog.Category;
import fr.signalement.catalog.Competence;
import fr.signalement.catalog.Service;
import fr.signalement.common.ProblemException;
import fr.signalement.common.Row;
import fr.signalement.geo.Communes;
import fr.signalement.geo.Geography;
import fr.signalement.geo.Place;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * What the server's automatic merging cannot know: a dispatcher merges two alerts that are one
 * problem, or splits out a report that is another. Both timelines keep the story.
 */
@ApplicationScoped
public class Merging {
    @Inject
    Lifecycle lifecycle;
    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;
    @Inject
    Geography geography;
    @Inject
    Deadlines deadlines;
    @Inject
    Competence competence;
    @Inject
    Communes communes;
    @Inject
    Timeline timeline;

    /** Moves every report of {@code otherId} into {@code keptId}; the other alert is closed as a duplicate. */
    @Transactional
    public void merge(long keptId, long otherId, Actor actor) {
        merge(keptId, otherId, false, actor);
    }

    /**
     * As {@link #merge(long, long, Actor)}; alerts of different category groups ("Voirie" and
     * "Propreté") are rarely one problem, so such a merge is refused (409, {@code crossGroup}
     * naming both groups) unless {@code crossGroupConfirmed}: the dispatcher said so explicitly.
     */
    @Transactional
    public void merge(long keptId, long otherId, boolean crossGroupConfirmed, Actor actor) {
        if (keptId == otherId) {
            throw ProblemException.unprocessable("alertId", "Une alerte ne peut pas être fusionnée avec elle-même.");
        }
        // Lock in id order so two dispatchers merging the same pair cannot deadlock.
        Alert first = lifecycle.lock(Math.min(keptId, otherId));
        Alert second = lifecycle.lock(Math.max(keptId, otherId));
        Alert kept = first.id == keptId ? first : second;
        Alert other = first.id == keptId ? second : first;
        for (Alert a : new Alert[]{kept, other}) {
            if (!a.status.isOpen()) {
                throw ProblemException.conflict("L'alerte n° " + a.id + " est « " + a.status.label + " » : seules les alertes ouvertes se fusionnent.")
                        .with("alertId", a.id);
            }
        }
        String keptGroup = kept.category.group, otherGroup = other.category.group;
        if (!crossGroupConfirmed && !java.util.Objects.equals(keptGroup, otherGroup)) {
            throw new ProblemException(409, "Fusion à confirmer", "L'alerte n° " + kept.id + " est de la famille « " + keptGroup
                    + " », l'alerte n° " + other.id + " de la famille « " + otherGroup
                    + " » : confirmez la fusion de deux familles différentes (« crossGroupConfirmed »).", "crossGroupConfirmed")
                    .with("crossGroup", true).with("keptGroup", keptGroup).with("otherGroup", otherGroup)
                    .with("alertId", other.id);
        }
        int moved = other.reportCount;
        for (String move : new String[]{AlertSql.MOVE_REPORTS, AlertSql.MOVE_PHOTOS}) {
            em.createNativeQuery(move).setParameter("to", kept.id).setParameter("from", other.id).executeUpdate();
        }
        kept.reportCount += moved;
        kept.firstReportAt = kept.firstReportAt.isBefore(other.firstReportAt) ? kept.firstReportAt : other.firstReportAt;
        kept.lastReportAt = kept.lastReportAt.isAfter(other.lastReportAt) ? kept.lastReportAt : other.lastReportAt;
        // The earlier promise made to any of the reporters stands.
        kept.dueAt = kept.dueAt.isBefore(other.dueAt) ? kept.dueAt : other.dueAt;
        kept.version++;
        em.flush();
        recentre(kept.id);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        other.reportCount = 0;
        other.mergedIntoId = kept.id;
        lifecycle.apply(other, new Lifecycle.Change(AlertStatus.REJECTED, "Fusionnée dans l'alerte n° " + kept.id,
                null, null, RejectReason.DUPLICATE.name(), null), actor, AlertEvent.TRANSITION, null, null);
        timeline.step(kept.id, AlertEvent.MERGED, actor, now)
                .note("Alerte n° " + other.id + " fusionnée ici (" + moved + " signalement(s))").write();
        timeline.step(other.id, AlertEvent.MERGED, actor, now).note("Signalements déplacés vers l'alerte n° " + kept.id).write();
        audit.record(actor.id(), actor.name(), "alert.merge", "alert:" + kept.id, Map.of("merged", other.id),
                Map.of("reportCount", kept.reportCount));
    }

    /** A report being split out, as its alert's read of it. */
    private record Leaving(String trackingNumber, long categoryId, double lat, double lon, Instant receivedAt,
                           String inseeCode) {
    }

    /** Takes a report out of its alert into a new alert of its own, routed afresh. Returns its id. */
    @Transactional
    public long split(long alertId, long reportId, Actor actor) {
        Alert alert = lifecycle.lock(alertId);
        Leaving report = Row.first(em.createNativeQuery(AlertSql.SPLIT_REPORT, Tuple.class)
                        .setParameter("report", reportId).setParameter("alert", alertId))
                .map(r -> new Leaving(r.text("tracking_number"), r.number("category_id"), r.decimal("lat"),
                        r.decimal("lon"), r.instant("received_at"), r.text("insee_code")))
                .orElseThrow(() -> ProblemException.unprocessable("reportId",
                        "Le signalement " + reportId + " n'appartient pas à l'alerte n° " + alertId + "."));
        if (alert.reportCount < 2) {
            throw ProblemException.conflict("L'alerte n° " + alertId + " n'a qu'un signalement : rien à séparer.");
        }
        if (!alert.status.isOpen()) {
            throw ProblemException.conflict("L'alerte n° " + alertId + " est « " + alert.status.label + " ».");
        }
        Place place = geography.locate(report.lat(), report.lon());
        Category category = Category.findById(report.categoryId());
        Service service = competence.competentService(category, report.inseeCode());
        boolean alsaceMoselle = communes.byInsee(report.inseeCode()).map(Communes.Commune::alsaceMoselle).orElse(false);
        Instant dueAt = deadlines.dueAt(category, service, alsaceMoselle, report.receivedAt());
        long created = ((Number) em.createNativeQuery(AlertSql.SPLIT_ALERT)
                .setParameter("service", service.id).setParameter("sector", place.sectorCode()).setParameter("due", dueAt).setParameter("report", reportId)
                .getSingleResult()).longValue();
        for (String move : new String[]{AlertSql.MOVE_REPORT, AlertSql.MOVE_REPORT_PHOTOS}) {
            em.createNativeQuery(move).setParameter("to", created).setParameter("report", reportId).executeUpdate();
        }
        alert.reportCount--;
        alert.version++;
        em.flush();
        em.createNativeQuery(AlertSql.REPORT_SPAN).setParameter("alert", alertId).executeUpdate();
        recentre(alertId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        timeline.step(created, AlertEvent.CREATED, actor, now).status(null, AlertStatus.NEW).report(reportId)
                .note("Séparée de l'alerte n° " + alertId).write();
        timeline.step(alertId, AlertEvent.SPLIT, actor, now)
                .note("Signalement " + report.trackingNumber() + " séparé vers l'alerte n° " + created).write();
        audit.record(actor.id(), actor.name(), "alert.split", "alert:" + alertId, Map.of("reportId", reportId),
                Map.of("newAlertId", created));
        em.flush();
        em.clear();
        return created;
    }

    private void recentre(long alertId) {
        em.createNativeQuery(AlertSql.RECENTRE).setParameter("alert", alertId).executeUpdate();
    }
}
