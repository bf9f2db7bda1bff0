package fr.signalement.field;

import fr.signalement.alert.Alert;
import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertQueries;
import fr.signalement.alert.AlertViews;
import fr.signalement.alert.FieldWork;
import fr.signalement.photo.Photo;
import fr.signalement.photo.ProcessedPhoto;
import fr.signalement.staff.StaffUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

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

    /** Interventions of the agent's team. */
    @Transactional
    public List<Intervention> list(StaffUser agent, double[] bbox, List<String> statuses) {
        return queries.teamWork(agent.teamId(), bbox, statuses).stream().map(this::view).toList();
    }

    @Transactional
    public Intervention get(StaffUser agent, long id) {
        FieldWork.ofTeam(Alert.findById(id), agent, id);
        return view(id);
    }

    public Outcome act(StaffUser agent, long id, FieldWork.Action action) {
        try {
            boolean applied = work.act(agent, id, action);
            return new Outcome(!applied, get(agent, id));
        } catch (FieldWork.Conflict e) {
            throw e.with("current", get(agent, id));
        }
    }

    public boolean replayed(UUID clientActionId) {
        return work.replayed(clientActionId);
    }

    /** An "after" photo, already processed and written by the caller. */
    public Outcome afterPhoto(StaffUser agent, long id, UUID clientActionId, Long baseVersion, ProcessedPhoto photo,
                              String storageKey) {
        try {
            boolean applied = work.afterPhoto(agent, id, clientActionId, baseVersion, photo, storageKey);
            return new Outcome(!applied, get(agent, id));
        } catch (FieldWork.Conflict e) {
            throw e.with("current", get(agent, id));
        }
    }

    Intervention view(long id) {
        AlertViews.Summary s = views.summary(id);
        Alert a = Alert.findById(id);
        List<Intervention.Photo> photos = Photo.ofAlert(id).stream()
                .map(p -> new Intervention.Photo(p.id, p.kind, p.url(), p.thumbnailUrl())).toList();
        List<AlertEvent> events = AlertEvent.timeline(id);
        List<Intervention.Step> steps = events.stream()
                .filter(e -> e.toStatus != null && e.fromStatus != null)
                .map(e -> new Intervention.Step(e.at, e.actor, e.fromStatus, e.toStatus, e.note)).toList();
        return new Intervention(id, s.version(), s.status(), s.statusLabel(),
                new Intervention.Category(s.category().code(), s.category().label()), s.lat(), s.lon(), s.address(),
                s.quartier() == null ? null : s.quartier().name(), queries.firstDescription(id), s.reportCount(),
                s.dueAt(), s.dueStatus(), a.teamId, a.agentId, photos, steps, views.work(events, a.minutesSpent));
    }
}
