package fr.signalement.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happens to an alert after it was forwarded to the competent organisation (CRPA L.114-2):
 * steps of its timeline, which staff and its reporters read (the follow-up page shows them). The
 * alert's own status stays FORWARDED: the other organisation, not the commune, handles it.
 */
@ApplicationScoped
public class ForwardedProgress {
    @Inject
    Timeline timeline;

    /**
     * @param remoteId     the other organisation's number for it
     * @param remoteStatus its status there (GeoReport v2 or mySociety's extended value), null when just sent
     * @param words        the sentence reporters read
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void record(long alertId, String organisation, String remoteId, String remoteStatus, String words) {
        write(alertId, organisation, remoteId, remoteStatus, false, words);
    }

    /**
     * The forwarding failed (refused, or the remote down for good): staff read why, in the other
     * organisation's words ({@code staffWords}: a refused key, an unknown service code); the
     * reporters read {@link #publicWords} instead, and Open311 clients nothing.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void failed(long alertId, String organisation, String remoteId, String staffWords) {
        write(alertId, organisation, remoteId, null, true, staffWords);
    }

    /**
     * The other organisation's status (GeoReport v2, or mySociety's extended one) in the words reporters
     * and staff read; an unknown one as it is.
     */
    public static String statusWords(String status) {
        return switch (status) {
            case "open" -> "reçu";
            case "investigating" -> "pris en compte";
            case "action_scheduled" -> "intervention programmée";
            case "in_progress" -> "intervention en cours";
            case "fixed" -> "résolu";
            case "closed" -> "clos";
            case "duplicate" -> "doublon d'un signalement déjà traité";
            case "not_councils_responsibility" -> "ne relève pas de sa compétence";
            case "no_further_action" -> "classé sans suite";
            case "internal_referral" -> "transmis à un autre organisme";
            default -> status;
        };
    }

    /** What a reporter reads of a failed forwarding: that it stopped, and that the commune has it in hand. */
    public static String publicWords(AlertEvent failed) {
        String organisation = data(failed).path("organisation").asText("l'organisme compétent");
        return "La transmission à " + organisation + " n'a pas abouti : nos services reprennent votre signalement.";
    }

    /** Whether a step of the timeline is a failed forwarding ({@link #failed}). */
    public static boolean isFailure(AlertEvent e) {
        return AlertEvent.REMOTE_STATUS.equals(e.type) && data(e).path("failed").asBoolean(false);
    }

    private void write(long alertId, String organisation, String remoteId, String remoteStatus, boolean failed, String words) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organisation", organisation);
        data.put("remoteId", remoteId);
        if (remoteStatus != null) {
            data.put("remoteStatus", remoteStatus);
        }
        if (failed) {
            data.put("failed", true);
        }
        timeline.step(alertId, AlertEvent.REMOTE_STATUS, Actor.SYSTEM, Instant.now().truncatedTo(ChronoUnit.MICROS))
                .note(words).data(data).write();
    }

    /**
     * A staff member asked for a failed forwarding to be tried again: a step of its own
     * ({@link AlertEvent#FORWARD_RETRY}), under their name, which the reporters do not read.
     *
     * @param remoteId the other organisation's number when it had one (its follow-up is read again), else null
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void retryRequested(long alertId, String organisation, String remoteId, Actor by, String words) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organisation", organisation);
        data.put("remoteId", remoteId);
        timeline.step(alertId, AlertEvent.FORWARD_RETRY, by, Instant.now().truncatedTo(ChronoUnit.MICROS))
                .note(words).data(data).write();
    }

    private static JsonNode data(AlertEvent e) {
        try {
            return e.data == null ? MissingNode.getInstance() : JSON.readTree(e.data);
        } catch (JsonProcessingException ex) {
            return MissingNode.getInstance();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
}
