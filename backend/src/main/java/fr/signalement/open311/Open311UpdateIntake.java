package fr.signalement.open311;

import fr.signalement.alert.CitizenUpdates;
import fr.signalement.common.Fingerprint;
import fr.signalement.common.ProblemException;
import fr.signalement.photo.PhotoConfig;
import fr.signalement.photo.PhotoProcessor;
import fr.signalement.photo.PhotoStore;
import fr.signalement.photo.ProcessedPhoto;
import fr.signalement.report.Intake;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static fr.signalement.open311.Open311Format.object;

/**
 * A reporter's update posted by a client application (mySociety's {@code POST servicerequestupdates},
 * as FixMyStreet sends it): a comment, an optional photo (a file part or a media_url), and a status.
 * {@code OPEN} on a resolved request is "still not fixed": it reopens the alert within the reopen
 * window ({@link CitizenUpdates}); any other status is taken as a comment, since a reporter
 * cannot close an alert. Answers the update_id; the client's own {@code update_id}, when it sends
 * one, makes a retry of the same update answer the same and store nothing again.
 */
@ApplicationScoped
public class Open311UpdateIntake {
    /** The longest comment, like a service request's description. */
    static final int MAX_DESCRIPTION = 4000;
    /** The longest update_id a client may name its update by. */
    static final int MAX_CLIENT_UPDATE_ID = 100;
    /**
     * Statuses a client sends when the reporter says the problem is still there. FixMyStreet sends
     * the state its report is in after the comment: a reporter's "still not fixed" makes it
     * "confirmed", sent as OPEN (or REOPEN when the body marks reopenings).
     */
    private static final Set<String> NOT_FIXED = Set.of("open", "reopen", "reopened", "confirmed", "not_fixed");
    /**
     * The other states FixMyStreet sends with its extended statuses: the state the report was in
     * when the reporter commented (staff's, as last fetched), so a comment on a report "in
     * progress" at FixMyStreet's end, or one we resolved since, is a comment and reopens nothing.
     */
    private static final Set<String> OTHERS = Set.of("closed", "fixed", "duplicate", "not_councils_responsibility",
            "no_further_action", "internal_referral", "investigating", "in_progress", "action_scheduled", "planned",
            "for_triage");

    @Inject
    Open311Intake intake;
    @Inject
    Open311Updates updates;
    @Inject
    Open311Media media;
    @Inject
    CitizenUpdates citizenUpdates;
    @Inject
    PhotoProcessor processor;
    @Inject
    PhotoStore store;
    @Inject
    PhotoConfig photoConfig;

    Map<String, Object> submit(Open311Params p, List<Open311Intake.Part> parts) {
        Open311Clients.Caller caller = intake.caller(p);
        String id = p.get("service_request_id");
        if (id == null) {
            throw Open311Exception.missing("service_request_id");
        }
        String status = p.get("status");
        String wire = status == null ? null : status.toLowerCase(Locale.ROOT).replace(' ', '_');
        if (wire != null && !NOT_FIXED.contains(wire) && !OTHERS.contains(wire)) {
            throw Open311Exception.invalid("status", "« " + status + " » (OPEN pour « toujours pas réparé », "
                    + "ou CLOSED, FIXED…).");
        }
        String description = p.get("description");
        if (description != null && description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
            throw Open311Exception.invalid("description", "plus de " + MAX_DESCRIPTION + " caractères.");
        }
        if (description != null && description.indexOf('\u0000') >= 0) {
            throw Open311Exception.invalid("description", "caractère nul.");
        }
        if (parts.size() > 1) {
            throw Open311Exception.invalid("media", "une seule photo par mise à jour.");
        }
        Open311Updates.Target target = updates.target(id)
                .orElseThrow(() -> Open311Exception.notFound("Aucune demande " + id + "."));
        UUID retryKey = retryKey(caller, p.get("update_id"));
        if (retryKey != null) {
            Optional<CitizenUpdates.Posted> earlier = citizenUpdates.earlier(retryKey, target.reportId());
            if (earlier.isPresent()) {
                // A retry whose first answer was lost: the same update_id, nothing fetched nor stored again.
                return object("update_id", Open311Updates.updateId(earlier.get().eventId(), target.reportId()));
            }
        }
        String via = "open311:" + caller.name();
        String mediaUrl = p.get("media_url");
        List<Path> temporary = new ArrayList<>();
        String storageKey = null;
        try {
            CitizenUpdates.StoredPhoto photo = null;
            String missing = null;
            byte[] bytes = null;
            String field = null;
            if (!parts.isEmpty()) {
                List<Intake.Upload> uploads = Open311Intake.uploads(parts, temporary);
                bytes = read(uploads.get(0).file(), uploads.get(0).size(), "media");
                field = "media";
            } else if (mediaUrl != null) {
                try {
                    MediaFetcher.Fetched fetched = media.fetcher().fetch(mediaUrl);
                    temporary.add(fetched.file());
                    bytes = read(fetched.file(), fetched.size(), "media_url");
                    field = "media_url";
                } catch (MediaFetcher.Refused e) {
                    missing = e.getMessage();
                }
            }
            if (bytes != null) {
                try {
                    ProcessedPhoto processed = processor.process(bytes, field);
                    storageKey = store.write(processed);
                    photo = new CitizenUpdates.StoredPhoto(processed, storageKey);
                } catch (ProblemException e) {
                    if (!"media_url".equals(field)) {
                        throw e;
                    }
                    missing = e.toProblem().detail;
                }
            }
            CitizenUpdates.Posted posted = citizenUpdates.post(target.reportId(), target.alertId(), description,
                    wire != null && NOT_FIXED.contains(wire), photo, via, retryKey);
            if (posted.replayed()) {
                // A concurrent retry was stored first: ours is dropped, photo and all (deleted below).
                return object("update_id", Open311Updates.updateId(posted.eventId(), target.reportId()));
            }
            storageKey = null; // the row points at it now
            if (missing != null) {
                citizenUpdates.photoMissing(target.reportId(), target.alertId(), "media_url " + mediaUrl + " : " + missing, via);
            }
            return object("update_id", Open311Updates.updateId(posted.eventId(), target.reportId()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (storageKey != null) {
                store.delete(storageKey);
            }
            Open311Intake.delete(temporary);
        }
    }

    /**
     * The client's own id of the update ({@code update_id}: FixMyStreet sends its comment's), made
     * unique across clients: kept on the step it writes, so that the update posted again after a lost
     * answer is answered with the same update_id and stored once. Null without one.
     */
    static UUID retryKey(Open311Clients.Caller caller, String clientUpdateId) {
        if (clientUpdateId == null) {
            return null;
        }
        if (clientUpdateId.length() > MAX_CLIENT_UPDATE_ID) {
            throw Open311Exception.invalid("update_id", "plus de " + MAX_CLIENT_UPDATE_ID + " caractères.");
        }
        String name = new Fingerprint().add("open311-update/v1").add(caller.id()).add(clientUpdateId).hex();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] read(Path file, long size, String field) throws IOException {
        if (size > photoConfig.maxBytes()) {
            throw processor.tooLarge(field);
        }
        return Files.readAllBytes(file);
    }
}
