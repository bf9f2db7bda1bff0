package fr.signalement.report;

import fr.signalement.alert.Alert;
import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertQueries;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.Deadlines;
import fr.signalement.alert.Joining;
import fr.signalement.common.Fingerprint;
import fr.signalement.common.NamedSql;
import fr.signalement.common.Row;
import fr.signalement.common.ProblemException;
import fr.signalement.geo.Communes;
import fr.signalement.geo.Geography;
import fr.signalement.geo.Place;
import fr.signalement.photo.PhotoConfig;
import fr.signalement.photo.PhotoProcessor;
import fr.signalement.photo.PhotoStore;
import fr.signalement.photo.ProcessedPhoto;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every report, whatever its channel, comes in here: validated, placed in the commune's geography,
 * its photos processed and stored, then handed to the alert's {@link Joining} (merged into the
 * open alert of the same category nearby, or opening a new one) in one transaction, and
 * acknowledged.
 */
@ApplicationScoped
public class Intake {
    @Inject
    Geography geography;
    @Inject
    PhotoProcessor processor;
    @Inject
    PhotoStore store;
    @Inject
    PhotoConfig photoConfig;
    @Inject
    FollowTokens tokens;
    @Inject
    Communes communes;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Joining joining;
    @Inject
    AlertQueries alerts;
    /**
     * How far "already reported here" looks (AlreadyReportedResource), so how far from an alert a
     * citizen may say "me too" on it; from farther than the merge radius it is counted at the alert's place.
     */
    @ConfigProperty(name = "signalement.nearby.radius-m", defaultValue = "150")
    double nearbyRadiusM;
    @ConfigProperty(name = "signalement.public-url")
    String publicUrl;
    @Inject
    Event<ReportReceived> received;

    /** An uploaded photo, still in its temporary file. */
    public record Upload(String field, Path file, long size) {
    }

    /** The acknowledgement, and whether it answers an earlier request with the same key. */
    public record Result(Acknowledgement acknowledgement, boolean replayed) {
    }

    private static final NamedSql TARGET = new NamedSql(IntakeSql.TARGET);

    /** What the report is about, resolved before any photo is processed. */
    private record Target(long categoryId, String categoryCode, String categoryLabel, long serviceId,
                          int radiusM, Instant dueAt, Acknowledgement.ServiceContact service,
                          Long supportAlertId, double lat, double lon, Place place, Acknowledgement.CommuneRef commune) {
    }

    /**
     * Takes a report in.
     *
     * @param supportAlertId for a "me too": the alert it supports; {@code null} to merge by position
     * @param actor          who entered it: "citizen", or the staff member taking a call
     */
    public Result submit(ReportRequest raw, List<Upload> uploads, UUID idempotencyKey, Long supportAlertId, String actor) {
        return submit(raw, uploads, idempotencyKey, supportAlertId, actor, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** Takes a report in as received at {@code now}: the present, except for a replayed history (demo data). */
    public Result submit(ReportRequest raw, List<Upload> uploads, UUID idempotencyKey, Long supportAlertId, String actor,
                         Instant now) {
        ReportRequest request = raw.validated(supportAlertId == null, supportAlertId == null);
        if (uploads.size() > photoConfig.maxPerReport()) {
            throw ProblemException.badRequest("photo", "Au plus " + photoConfig.maxPerReport() + " photos par signalement.");
        }
        for (Upload u : uploads) {
            if (u.size() > photoConfig.maxBytes()) {
                throw processor.tooLarge(u.field());
            }
        }
        // The key is matched only once the request is known valid, and only with the same request.
        String requestHash = idempotencyKey == null ? null : fingerprint(request, uploads, supportAlertId, actor);
        if (idempotencyKey != null) {
            Optional<Acknowledgement> earlier = acknowledgementForKey(idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                return new Result(earlier.get(), true);
            }
        }
        Target target = supportAlertId == null
                ? target(request.categoryCode(), request.lat(), request.lon(), null, now)
                : QuarkusTransaction.requiringNew().call(() -> supported(request, supportAlertId, now));
        List<ProcessedPhoto> photos = uploads.stream().map(u -> processor.process(read(u), u.field())).toList();

        List<String> keys = new ArrayList<>();
        try {
            List<Joining.StoredPhoto> stored = new ArrayList<>();
            for (ProcessedPhoto p : photos) {
                String key = store.write(p);
                keys.add(key);
                stored.add(new Joining.StoredPhoto(key, p.width(), p.height(), p.jpeg().length));
            }
            Joining.Arrival arrival = new Joining.Arrival(target.categoryId(), target.serviceId(), target.place().inseeCode(),
                    target.radiusM(),
                    target.dueAt(), supportAlertId, target.lat(), target.lon(), target.place(), request.channel(),
                    request.accuracyM(), request.description(), request.contactEmail(), idempotencyKey, requestHash, now, actor,
                    stored);
            Optional<Joining.Joined> joined = QuarkusTransaction.requiringNew().call(() -> {
                Optional<Joining.Joined> j = joining.receive(arrival);
                j.ifPresent(x -> received.fire(new ReportReceived(x.reportId(), x.alertId(), !x.joined(),
                        arrival.contactEmail() != null)));
                return j;
            });
            if (joined.isEmpty()) {
                // A concurrent retry with the same key won: answer as it did, keep nothing of ours.
                keys.forEach(store::delete);
                return new Result(acknowledgementForKey(idempotencyKey, requestHash).orElseThrow(), true);
            }
            Joining.Joined s = joined.get();
            return new Result(new Acknowledgement(s.trackingNumber(), now, s.status().name(), s.status().label,
                    new Acknowledgement.CategoryRef(target.categoryCode(), target.categoryLabel()), target.service(),
                    s.dueAt(), s.alertId(), s.joined(), s.reportCount(), target.place().quartierName(),
                    target.place().address(), tokens.tokenFor(s.trackingNumber()), followUrl(s.trackingNumber()),
                    target.commune()), false);
        } catch (RuntimeException e) {
            keys.forEach(store::delete);
            throw e;
        }
    }

    public String followUrl(String trackingNumber) {
        return publicUrl.replaceAll("/+$", "") + "/suivi/" + trackingNumber + "?token=" + tokens.tokenFor(trackingNumber);
    }

    /** What a "me too" is about: the alert it supports, still open, and the citizen close enough to it. */
    private Target supported(ReportRequest request, long supportAlertId, Instant now) {
        Alert alert = Alert.findById(supportAlertId);
        if (alert == null) {
            throw ProblemException.notFound("Aucune alerte n° " + supportAlertId + ".");
        }
        if (!alert.status.isOpen()) {
            throw ProblemException.conflict("L'alerte n° " + supportAlertId + " n'est plus ouverte ("
                    + alert.status.label.toLowerCase() + ") : faites un nouveau signalement.");
        }
        double lat = alert.lat();
        double lon = alert.lon();
        if (request.lat() != null) {
            double distance = alerts.distanceM(supportAlertId, request.lat(), request.lon());
            double farthest = Math.max(nearbyRadiusM, alert.category.dedupRadiusM);
            if (distance > farthest) {
                throw ProblemException.unprocessable("lat", "Vous êtes à " + Math.round(distance) + " m de l'alerte n° "
                        + supportAlertId + " : un « moi aussi » se dit à moins de " + Math.round(farthest)
                        + " m du problème. S'il s'agit d'un autre endroit, faites un nouveau signalement.")
                        .with("distanceM", Math.round(distance));
            }
            if (distance <= alert.category.dedupRadiusM) {
                // Close enough to be the problem's own place: kept on the report (the alert does not move).
                lat = request.lat();
                lon = request.lon();
            }
        }
        return target(alert.category.code, lat, lon, supportAlertId, now);
    }

    /**
     * Where the report lies and who answers for it, from one query ({@link IntakeSql#TARGET}). A
     * report by position runs it outside any transaction: one statement in autocommit, where the
     * entity lookups it replaces cost a transaction and four statements on every report.
     */
    private Target target(String categoryCode, double lat, double lon, Long supportAlertId, Instant now) {
        Row row;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = TARGET.prepare(c, "lon", lon, "lat", lat, "code", categoryCode);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            row = Row.current(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("Locating a report failed", e);
        }
        boolean byPosition = supportAlertId == null;
        // A "me too" keeps to its alert's category even if it was closed to new reports since.
        if (byPosition && row.get("category_id") == null) {
            throw ProblemException.unprocessable("categoryCode", "Catégorie inconnue : « " + categoryCode + " ».");
        }
        String categoryLabel = row.text("category_label");
        if (byPosition && !row.flag("category_enabled")) {
            throw ProblemException.unprocessable("categoryCode",
                    "La catégorie « " + categoryLabel + " » n'est pas ouverte aux signalements dans cette commune.");
        }
        if (!row.flag("inside")) {
            String served = communes.servedTerritory();
            throw ProblemException.unprocessable("lat", "Ce lieu est en dehors du territoire desservi (" + served
                    + ") : nous ne pouvons pas y intervenir.").with("servedTerritory", served);
        }
        Communes.Commune commune = Communes.of(row);
        String categoryTerritory = row.text("category_territory");
        if (byPosition && categoryTerritory != null && !categoryTerritory.equals(commune.territory())) {
            throw ProblemException.unprocessable("categoryCode", "La catégorie « " + categoryLabel + " » n'est pas proposée à "
                    + commune.name() + " : choisissez une catégorie de " + commune.name() + ".");
        }
        Instant dueAt = Deadlines.dueAt(row.integer("deadline_hours"), "WORKING".equals(row.text("deadline_mode")),
                Deadlines.windows(row.text("working_hours")), commune.alsaceMoselle(), now);
        return new Target(row.number("category_id"), row.text("category_code"), categoryLabel, row.number("service_id"),
                row.integer("dedup_radius_m"), dueAt,
                new Acknowledgement.ServiceContact(row.text("service_name"), row.text("service_email"),
                        row.text("service_phone"), row.text("service_postal_address")),
                supportAlertId, lat, lon, Place.of(row), communeRef(commune, row.text("category_competence")));
    }

    /** The commune that takes the report in, and the level competent for its category there. */
    private static Acknowledgement.CommuneRef communeRef(Communes.Commune c, String categoryCompetence) {
        boolean epci = c.inEpci() && "EPCI".equals(categoryCompetence);
        return new Acknowledgement.CommuneRef(c.inseeCode(), c.name(), epci ? "EPCI" : "COMMUNE",
                epci ? c.territoryName() : c.name());
    }

    /**
     * The canonical request behind an Idempotency-Key: what it says, who sent it, the alert it
     * supports, and each photo's bytes. A retry sends the very same; anything else is another request.
     */
    static String fingerprint(ReportRequest r, List<Upload> uploads, Long supportAlertId, String actor) {
        Fingerprint f = new Fingerprint().add("report/v1").add(actor).add(supportAlertId).add(r.categoryCode())
                .add(r.lat()).add(r.lon()).add(r.accuracyM()).add(r.description()).add(r.contactEmail()).add(r.channel())
                .add(uploads.size());
        uploads.forEach(u -> f.add(Fingerprint.of(u.file())));
        return f.hex();
    }

    /**
     * The answer given to the earlier request with this key, if there was one and it was this very
     * request; the same key with another request is refused without a word about the first.
     */
    private Optional<Acknowledgement> acknowledgementForKey(UUID key, String requestHash) {
        return QuarkusTransaction.requiringNew().call(() -> Report.byIdempotencyKey(key).map(r -> {
            if (!requestHash.equals(r.requestHash)) {
                throw ProblemException.unprocessable(ReportResource.IDEMPOTENCY_KEY,
                        "Cette clé Idempotency-Key a déjà servi pour une autre requête : "
                                + "générez une nouvelle clé pour chaque nouveau signalement.");
            }
            return acknowledgement(r);
        }));
    }

    /** Rebuilds the acknowledgement of a stored report (idempotent retries). */
    public Acknowledgement acknowledgement(Report r) {
        Alert a = r.alert;
        var s = a.service;
        Long openingReport = AlertEvent.find("alertId = ?1 and type = ?2", a.id, AlertEvent.CREATED)
                .<AlertEvent>firstResultOptional().map(e -> e.reportId).orElse(null);
        return new Acknowledgement(r.trackingNumber, r.receivedAt, a.status.name(), a.status.label,
                new Acknowledgement.CategoryRef(r.category.code, r.category.label),
                new Acknowledgement.ServiceContact(s.name, s.email, s.phone, s.postalAddress),
                r.dueAt, a.id, !r.id.equals(openingReport), a.reportCount, geography.quartierName(r.quartierCode),
                r.address, tokens.tokenFor(r.trackingNumber), followUrl(r.trackingNumber),
                communes.byInsee(r.inseeCode).map(c -> communeRef(c, r.category.competence)).orElse(null));
    }

    private static byte[] read(Upload u) {
        try {
            return Files.readAllBytes(u.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
