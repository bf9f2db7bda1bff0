package fr.signalement.field;

import fr.signalement.alert.Alert;
import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertQueries;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.AlertViews;
import fr.signalement.alert.FieldWork;
import fr.signalement.common.ProblemException;
import fr.signalement.photo.Photo;
import fr.signalement.photo.ProcessedPhoto;
import fr.signalement.staff.StaffUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The field agents' use case: their team's alerts as interventions, and their actions applied by
 * the alert's {@link FieldWork}. Every answer carries the intervention as it now stands, so the
 * app's offline queue can replace its copy; a refused action carries it as "current".
 */
@ApplicationScoped
public class Interventions {
    @Inject
    FieldWork work;
    @Inject
    AlertQueries queries;
    @Inject
    AlertViews views;

    /** The answer to an action: whether it was a replay of an action already recorded. */
    public record Outcome(boolean replayed, Intervention intervention) {
    }

    /** One page of interventions, and where the next one starts (null on the last page). */
    public record Page(List<Intervention> items, AlertQueries.WorkKey next) {
    }

    /**
     * A page of the agent's team's interventions, by due date. A few set-based queries whatever the
     * page's length: the page's ids, their summaries, extras, photos and timelines.
     */
    @Transactional
    public Page page(StaffUser agent, double[] bbox, Collection<AlertStatus> statuses, AlertQueries.WorkKey after,
                     int limit) {
        List<AlertQueries.WorkKey> keys = queries.teamWork(agent.teamId(), bbox,
                statuses == null ? FieldWork.VISIBLE : statuses, after, limit + 1, null);
        boolean more = keys.size() > limit;
        List<AlertQueries.WorkKey> shown = more ? keys.subList(0, limit) : keys;
        return new Page(views(shown.stream().map(AlertQueries.WorkKey::id).toList()), more ? shown.get(limit - 1) : null);
    }

    /** One intervention, if the agent's team sees it now. */
    @Transactional
    public Intervention get(StaffUser agent, long id) {
        if (queries.teamWork(agent.teamId(), null, FieldWork.VISIBLE, null, 1, id).isEmpty()) {
            throw ProblemException.notFound("Aucune intervention n° " + id + " pour votre équipe.");
        }
        return views(List.of(id)).get(0);
    }

    /**
     * The team's alert as it now stands, whatever its state: the answer to an action, so a queue
     * learns that the dispatcher took it back or closed it.
     */
    @Transactional
    public Intervention current(StaffUser agent, long id) {
        FieldWork.ofTeam(Alert.findById(id), agent, id);
        return views(List.of(id)).get(0);
    }

    public Outcome act(StaffUser agent, long id, FieldWork.Action action) {
        try {
            boolean applied = work.act(agent, id, action);
            return new Outcome(!applied, current(agent, id));
        } catch (FieldWork.Conflict e) {
            throw e.with("current", current(agent, id));
        }
    }

    @Transactional
    public boolean replayed(UUID clientActionId, String fingerprint) {
        return work.replayed(clientActionId, fingerprint);
    }

    /** A photo of the job ({@code kind} BEFORE or AFTER the work), already processed and written by the caller. */
    public Outcome fieldPhoto(StaffUser agent, long id, UUID clientActionId, String fingerprint, Long baseVersion,
                              ProcessedPhoto photo, String storageKey, String kind) {
        try {
            boolean applied = work.fieldPhoto(agent, id, clientActionId, fingerprint, baseVersion, photo, storageKey, kind);
            return new Outcome(!applied, current(agent, id));
        } catch (FieldWork.Conflict e) {
            throw e.with("current", current(agent, id));
        }
    }

    /** The interventions of these alerts, in this order. */
    private List<Intervention> views(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, AlertViews.Summary> summaries = views.list(new AlertViews.Filter(null, null, null, null, null, null,
                null, null, null, ids), 0, ids.size()).items().stream()
                .collect(Collectors.toMap(AlertViews.Summary::id, Function.identity()));
        Map<Long, AlertQueries.FieldExtras> extras = queries.fieldExtras(ids);
        Map<Long, List<Photo>> photos = Photo.ofAlerts(ids);
        Map<Long, List<AlertEvent>> timelines = AlertEvent.timelines(ids);
        return ids.stream().map(id -> view(summaries.get(id), extras.get(id), photos.getOrDefault(id, List.of()),
                timelines.getOrDefault(id, List.of()))).toList();
    }

    private Intervention view(AlertViews.Summary s, AlertQueries.FieldExtras x, List<Photo> photos, List<AlertEvent> events) {
        List<Intervention.Step> steps = events.stream()
                .filter(e -> e.toStatus != null && e.fromStatus != null)
                .map(e -> new Intervention.Step(e.at, e.actor, e.fromStatus, e.toStatus, e.note)).toList();
        return new Intervention(s.id(), s.version(), s.status(), s.statusLabel(),
                new Intervention.Category(s.category().code(), s.category().label()), s.lat(), s.lon(), s.address(),
                s.quartier() == null ? null : s.quartier().name(), s.commune(), x.description(), s.reportCount(),
                s.dueAt(), s.dueStatus(), x.teamId(), x.agentId(),
                photos.stream().map(p -> new Intervention.Photo(p.id, p.kind, p.url(), p.thumbnailUrl())).toList(),
                steps, views.work(events, x.minutesSpent()));
    }
}
