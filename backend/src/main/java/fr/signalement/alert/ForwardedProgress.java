package fr.signalement.alert;

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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organisation", organisation);
        data.put("remoteId", remoteId);
        if (remoteStatus != null) {
            data.put("remoteStatus", remoteStatus);
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
}
