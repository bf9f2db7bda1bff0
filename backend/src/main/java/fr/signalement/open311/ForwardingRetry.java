package fr.signalement.open311;

import fr.signalement.alert.Actor;
import fr.signalement.alert.ForwardedProgress;
import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.common.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dispatcher asks for a FAILED forwarding ({@link Forwarding}) to be tried again, once its cause is
 * fixed (the other organisation corrected its key or its service list, an ADMIN the endpoint): the alert
 * stays FORWARDED, only its row of {@code open311_forward} goes back to the worker, which then writes
 * the outcome to the timeline as usual. A row the organisation never took is sent again from scratch; one
 * whose follow-up stopped (it has the organisation's number, or the token of a deferred request) is
 * followed again instead: a second POST would open a duplicate request there.
 */
@ApplicationScoped
public class ForwardingRetry {
    /** The alert's row, locked: two dispatchers clicking at once retry it once (the second gets 409). */
    static final String LOCK_ROW = """
            SELECT f.id, f.state, f.attempts, f.last_error, f.remote_id, f.remote_token, s.name, s.open311_endpoint
            FROM open311_forward f JOIN service s ON s.id = f.service_id
            WHERE f.alert_id = :alert
            FOR UPDATE OF f""";
    /** Sent again at the worker's next run, with a fresh count of attempts (max-attempts applies anew). */
    static final String SEND_AGAIN = """
            UPDATE open311_forward SET state = 'PENDING', attempts = 0, last_error = NULL, next_at = now()
            WHERE id = :id""";
    /**
     * Followed again at the worker's next run: its status read, or its number asked by its token — for
     * number-max-wait again from now, else a request that waited its time would fail at the first ask.
     */
    static final String FOLLOW_AGAIN = """
            UPDATE open311_forward SET state = 'SENT', last_error = NULL, next_at = now(),
                   awaiting_number_since = CASE WHEN remote_id IS NULL THEN now() ELSE awaiting_number_since END
            WHERE id = :id""";

    @Inject
    EntityManager em;
    @Inject
    ForwardedProgress progress;
    @Inject
    AuditLog audit;

    /**
     * In the caller's transaction: the row back to the worker, the timeline step saying who asked, and
     * the audit entry. 404 when the alert was never forwarded over Open311; 409 unless its row is FAILED,
     * or when the organisation no longer has an endpoint to send it to.
     *
     * @param byName who asked, as people read it (the timeline's note)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void retry(long alertId, Actor by, String byName) {
        Row row = Row.first(em.createNativeQuery(LOCK_ROW, Tuple.class).setParameter("alert", alertId))
                .orElseThrow(() -> ProblemException.notFound("L'alerte n° " + alertId
                        + " n'a pas été transmise par Open311 : il n'y a rien à renvoyer."));
        String organisation = row.text("name");
        String state = row.text("state");
        if (!"FAILED".equals(state)) {
            throw new ProblemException(409, "Renvoi impossible", "La transmission à " + organisation
                    + " n'a pas échoué (" + words(state) + ") : seule une transmission en échec peut être renvoyée.", null)
                    .with("state", state);
        }
        if (row.text("open311_endpoint") == null) {
            throw new ProblemException(409, "Renvoi impossible", organisation + " n'a plus d'adresse Open311 : "
                    + "un administrateur doit la renseigner sur le service avant un nouvel envoi.", null)
                    .with("state", state);
        }
        String remoteId = row.text("remote_id");
        boolean taken = remoteId != null || row.text("remote_token") != null;
        em.createNativeQuery(taken ? FOLLOW_AGAIN : SEND_AGAIN).setParameter("id", row.number("id")).executeUpdate();
        progress.retryRequested(alertId, organisation, remoteId, by, !taken
                ? "Nouvel envoi à " + organisation + " demandé par " + byName + "."
                : "Nouvelle lecture du suivi chez " + organisation + " ("
                + (remoteId == null ? "en attente de son numéro" : "n° " + remoteId) + ") demandée par " + byName + ".");
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("state", state);
        before.put("attempts", row.integer("attempts"));
        before.put("lastError", row.text("last_error"));
        audit.record(by.id(), by.name(), "open311.forward.retry", "alert:" + alertId, before,
                Map.of("state", taken ? "SENT" : "PENDING"));
    }

    /** A row's state as the 409 says it. */
    private static String words(String state) {
        return switch (state) {
            case "PENDING" -> "elle est en cours d'envoi";
            case "SENT" -> "elle a été reçue, son suivi est en cours";
            case "DONE" -> "elle a été reçue et traitée";
            default -> state;
        };
    }
}
