package fr.signalement.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.photo.Photo;
import fr.signalement.photo.PhotoLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How alerts are seen: the queue's summaries and an alert's full page for staff, the field work
 * recorded on it, and "already reported here" for citizens. The SQL is in {@link AlertQueries}.
 */
@ApplicationScoped
public class AlertViews {
    @Inject
    FieldWork fieldWork;
    @Inject
    AlertQueries queries;
    @Inject
    ObjectMapper json;
    @Inject
    PhotoLinks links;
    @Inject
    fr.signalement.photo.PhotoAnonymisation anonymisation;

    public record Ref(long id, String name) {
    }

    @Schema(name = "AlertCategory")
    public record CategoryRef(String code, String label, String group) {
    }

    public record QuartierRef(String code, String name) {
    }

    public record Summary(long id, long version, String status, String statusLabel, CategoryRef category, Ref service,
                          Ref team, Ref agent, double lat, double lon, String address, QuartierRef quartier,
                          String channel, int reportCount, Instant firstReportAt, Instant lastReportAt, Instant dueAt,
                          String dueStatus, int reopenedCount, String thumbnailUrl, CommuneRef commune,
                          @Schema(description = "Metres from the alert whose page lists this one among its nearby alerts; null elsewhere")
                          Double distanceM) {
        Summary at(double metres) {
            return new Summary(id, version, status, statusLabel, category, service, team, agent, lat, lon, address, quartier,
                    channel, reportCount, firstReportAt, lastReportAt, dueAt, dueStatus, reopenedCount, thumbnailUrl, commune,
                    metres);
        }
    }

    /** The commune an alert is in (a deployment may serve several). */
    public record CommuneRef(String inseeCode, String name) {
    }

    /**
     * A page of the queue: {@code total} alerts match, {@code items} are those from
     * {@code page * size}; {@code counts} (the staff queue only) say how the filter divides them.
     */
    @Schema(name = "AlertPage")
    public record Page(long total, List<Summary> items, int page, int size, Counts counts) {
        public Page withCounts(Counts c) {
            return new Page(total, items, page, size, c);
        }
    }

    /**
     * The queue's counts: by status with the other filters applied (every status listed, 0 included),
     * and how many of the alerts matched are overdue or due soon (not only the page shown).
     */
    @Schema(name = "AlertCounts")
    public record Counts(Map<String, Long> byStatus, long overdue, long dueSoon) {
    }

    /** What the queue can be filtered by; null means any. */
    public record Filter(List<String> statuses, String categoryCode, Long serviceId, Long teamId, String quartier,
                         String channel, Integer minAgeHours, double[] bbox, Collection<Long> serviceScope,
                         Collection<Long> ids, Collection<String> communeScope, String commune) {
        /** What the queue can be filtered by, for any commune. */
        public Filter(List<String> statuses, String categoryCode, Long serviceId, Long teamId, String quartier,
                      String channel, Integer minAgeHours, double[] bbox, Collection<Long> serviceScope, Collection<Long> ids) {
            this(statuses, categoryCode, serviceId, teamId, quartier, channel, minAgeHours, bbox, serviceScope, ids, null, null);
        }
    }

    /** The queue, filtered, most urgent first. */
    public Page list(Filter f, int page, int size) {
        return queries.list(f, page, size);
    }

    /** The page of the queue with its counts ({@link AlertQueries#counts}). */
    public Page listWithCounts(Filter f, int page, int size) {
        return queries.list(f, page, size).withCounts(queries.counts(f));
    }

    public Summary summary(long id) {
        return list(new Filter(null, null, null, null, null, null, null, null, null, List.of(id)), 0, 1)
                .items().stream().findFirst().orElse(null);
    }

    /**
     * An open alert near a citizen ("already reported here"). {@code lat}/{@code lon}: its public
     * position (snapped to {@link AlertSql#PUBLIC_GRID_DEG}, never a reporter's doorstep), for a
     * marker on the citizen's map.
     */
    public record Nearby(long alertId, double distanceM, int reportCount, String status, String statusLabel,
                         NearbyCategory category, String address, String thumbnailUrl, Instant firstReportAt,
                         double lat, double lon) {
    }

    public record NearbyCategory(String code, String label) {
    }

    /**
     * OVERDUE past the deadline; DUE_SOON in its last quarter (at most the last 24 hours); only
     * for alerts still waiting for a fix.
     */
    public static String dueStatus(AlertStatus status, Instant due, int deadlineHours, Instant now) {
        if (!status.isOpen()) {
            return "ON_TIME";
        }
        if (now.isAfter(due)) {
            return "OVERDUE";
        }
        Duration warning = Duration.ofMinutes(Math.min(24 * 60L, deadlineHours * 60L / 4));
        return now.isAfter(due.minus(warning)) ? "DUE_SOON" : "ON_TIME";
    }

    // --- the alert page

    /** A photo as staff see it: signed addresses (an {@code <img>} sends no token), and whether it is public. */
    @Schema(name = "AlertPhoto")
    public record PhotoRef(String key, String url, String thumbnailUrl, boolean published,
                           @Schema(description = "The public version (faces and plates blurred), as the public sees it once published")
                           String publicUrl,
                           @Schema(description = "Whether the public version exists; false: \"en cours d'anonymisation\"")
                           boolean anonymised, int width, int height,
                           @Schema(description = "Regions blurred in the public version, in the photo's pixels")
                           List<fr.signalement.photo.Anonymiser.Box> blurBoxes) {
    }

    /** Staff see the original (signed "original" address) beside the public version and its blurred boxes. */
    private PhotoRef photoRef(Photo p) {
        return new PhotoRef(p.publicKey.toString(), links.original(p.publicKey, false), links.original(p.publicKey, true),
                p.published(), links.signed(p.publicKey, false), p.publicStorageKey != null, p.width, p.height,
                anonymisation.boxes(p.id));
    }

    /**
     * A report as staff read it: the reporter's text, and the public version staff published
     * ({@code publicDescription}, null while it is private).
     */
    public record ReportView(long id, String trackingNumber, Instant receivedAt, String channel, String description,
                             String publicDescription, String contactEmail, boolean support, List<PhotoRef> photos) {
    }

    @Schema(name = "AlertStep")
    public record Step(Instant at, String type, String actor, String from, String to, String note, String reason,
                       JsonNode data) {
    }

    public record Work(List<Map<String, Object>> notes, List<JsonNode> measurements, int minutesSpent,
                       List<JsonNode> materials) {
    }

    public record Detail(Summary alert, List<ReportView> reports, List<PhotoRef> afterPhotos, List<Step> timeline,
                         List<Summary> nearby, List<String> allowedTransitions, String rejectReason, String forwardedTo,
                         Long mergedIntoId, Work work, Proof proof, List<PhotoRef> beforePhotos,
                         @Schema(description = "Its sending to another organisation over Open311; null when none was made")
                         Forwarding forwarding) {
    }

    /**
     * A forwarded alert's sending to the competent organisation (open311/Forwarding): PENDING (to be sent,
     * retried while the remote is down), SENT (its status there is read back), DONE (final there), FAILED
     * (refused, or given up: a dispatcher may ask for it to be sent again once the cause is fixed).
     */
    @Schema(name = "AlertForwarding")
    public record Forwarding(String organisation,
                             @Schema(enumeration = {"PENDING", "SENT", "DONE", "FAILED"}) String state,
                             int attempts,
                             @Schema(description = "Why the last try (to send it, or to read its status) failed, in the remote's words; null when it went through")
                             String lastError,
                             @Schema(description = "The organisation's number for it")
                             String remoteId,
                             @Schema(description = "Its status there (GeoReport v2, or mySociety's extended one)")
                             String remoteStatus,
                             @Schema(description = "That status in the words reporters read")
                             String remoteStatusLabel,
                             @Schema(description = "When it is next sent (PENDING) or its status next read (SENT)")
                             Instant nextAt,
                             Instant sentAt) {
    }

    /**
     * The agent's proof of fix, for the dispatcher: where the device was (and how precisely), when the
     * fix was taken and when the agent tapped "resolve", how far from the alert, and why if too far.
     * Null until an agent resolved it from the field.
     */
    public record Proof(double lat, double lon, Double accuracyM, Instant fixAt, Instant at, Double distanceM,
                        double maxDistanceM, String reason) {
    }

    /** The full page. Reporters' e-mails only when {@code withContacts} (the caller audits the read). */
    public Detail detail(long id, boolean withContacts, Collection<Long> serviceScope) {
        return detail(id, withContacts, serviceScope, null);
    }

    /** The full page, if the alert is within the reader's services and communes (null: any). */
    public Detail detail(long id, boolean withContacts, Collection<Long> serviceScope, Collection<String> communeScope) {
        Summary s = summary(id);
        if (s == null || (serviceScope != null && !serviceScope.contains(s.service().id()))
                || (communeScope != null && (s.commune() == null || !communeScope.contains(s.commune().inseeCode())))) {
            return null;
        }
        Alert a = Alert.findById(id);
        List<Photo> photos = Photo.ofAlert(id);
        List<ReportView> reports = new ArrayList<>();
        for (AlertQueries.ReportRow r : queries.reports(id)) {
            reports.add(new ReportView(r.id(), r.trackingNumber(), r.receivedAt(), r.channel(), r.description(),
                    r.publicDescription(), withContacts ? r.contactEmail() : null, r.support(),
                    photos.stream().filter(p -> Long.valueOf(r.id()).equals(p.reportId)).map(this::photoRef).toList()));
        }
        List<AlertEvent> events = AlertEvent.timeline(id);
        List<Step> timeline = events.stream()
                .map(e -> new Step(e.at, e.type, e.actor, e.fromStatus, e.toStatus, e.note, e.reason, tree(e.data)))
                .toList();
        // Only alerts the reader may see: a dispatcher scoped to some services sees no other's.
        Map<Long, Double> near = queries.openAround(id);
        List<Summary> nearby = near.isEmpty() ? List.of()
                : list(new Filter(null, null, null, null, null, null, null, null, serviceScope, near.keySet(), communeScope, null), 0, 10)
                .items().stream().map(n -> n.at(near.get(n.id())))
                .sorted(java.util.Comparator.comparingDouble(Summary::distanceM)).toList();
        return new Detail(s, reports,
                photos.stream().filter(p -> Photo.AFTER.equals(p.kind)).map(this::photoRef).toList(),
                timeline, nearby, Lifecycle.names(Lifecycle.allowedFrom(a.status)), a.rejectReason, a.forwardedTo,
                a.mergedIntoId, work(events, a.minutesSpent), proof(a),
                photos.stream().filter(p -> Photo.BEFORE.equals(p.kind)).map(this::photoRef).toList(),
                queries.forwarding(id));
    }

    private Proof proof(Alert a) {
        if (a.resolvedLat == null || a.resolvedLon == null) {
            return null;
        }
        return new Proof(a.resolvedLat, a.resolvedLon, a.resolvedAccuracyM, a.resolvedFixAt, a.resolvedDeviceAt,
                a.resolvedDistanceM, fieldWork.proofRules().resolveMaxDistanceM(), a.resolvedDistanceReason);
    }

    /** The field work recorded on an alert, from its timeline ({@link AlertEvent#timeline}). */
    public Work work(List<AlertEvent> timeline, int minutesSpent) {
        List<Map<String, Object>> notes = new ArrayList<>();
        List<JsonNode> measurements = new ArrayList<>();
        List<JsonNode> materials = new ArrayList<>();
        for (AlertEvent e : timeline) {
            switch (e.type) {
                case AlertEvent.FIELD_NOTE -> {
                    Map<String, Object> n = new LinkedHashMap<>();
                    n.put("at", e.at);
                    n.put("actor", e.actor);
                    n.put("text", e.note);
                    notes.add(n);
                }
                case AlertEvent.MEASUREMENT -> measurements.add(tree(e.data));
                case AlertEvent.MATERIAL -> materials.add(tree(e.data));
                default -> { }
            }
        }
        return new Work(notes, measurements, minutesSpent, materials);
    }

    JsonNode tree(String data) {
        try {
            return data == null ? null : json.readTree(data);
        } catch (IOException e) {
            return null;
        }
    }

}
