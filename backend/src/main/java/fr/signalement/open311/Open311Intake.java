package fr.signalement.open311;

import fr.signalement.alert.CitizenUpdates;
import fr.signalement.common.Fingerprint;
import fr.signalement.common.ProblemException;
import fr.signalement.geo.Communes;
import fr.signalement.geo.Geocoder;
import fr.signalement.geo.Geography;
import fr.signalement.geo.Place;
import fr.signalement.photo.PhotoConfig;
import fr.signalement.report.Intake;
import fr.signalement.report.Report;
import fr.signalement.report.ReportResource;
import fr.signalement.report.ReportRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.signalement.open311.Open311Format.object;

/**
 * A service request posted by a client application: checked against its api_key, placed (lat/long,
 * or an address of the commune), its photos taken from file parts ({@code media}, {@code photo},
 * {@code photo1}…) or fetched from {@code media_url}, then handed to the same intake as the citizen app (channel {@code open311}).
 * A request the client names ({@code attribute[fixmystreet_id]}) is taken in once however often it
 * is posted; one posted under a jurisdiction_id stays within that jurisdiction.
 */
@ApplicationScoped
public class Open311Intake {
    private static final Logger LOG = Logger.getLogger(Open311Intake.class);

    @Inject
    Communes communes;
    @Inject
    Open311Clients clients;
    @Inject
    Open311Services services;
    @Inject
    Open311Requests requests;
    @Inject
    Open311Media media;
    @Inject
    Geocoder geocoder;
    @Inject
    Intake intake;
    @Inject
    Open311Updates updates;
    @Inject
    CitizenUpdates citizenUpdates;
    @Inject
    PhotoConfig photoConfig;
    @Inject
    Geography geography;
    @Inject
    Open311Jurisdictions jurisdictions;

    /** The attribute a client names its own request by (FixMyStreet's default id_field). */
    static final String CLIENT_ID = "fixmystreet_id";
    static final int MAX_CLIENT_ID = 100;

    /** A file part of a multipart request: its name and content. */
    record Part(String name, FormValue value) {
    }

    /**
     * The posted request as the specification answers it (service_request_id, token, service_notice,
     * account_id). A media_url that cannot be taken (unreachable, not an image) does not lose the
     * report: it is kept without the photo, staff read why in its timeline, and the client in the
     * service_notice.
     *
     * @param parts  the multipart file parts taken as photos ({@code media}, {@code photo}, {@code photo1}…)
     * @param format json or xml, to point the client at the right services document
     * @param jurisdiction the jurisdiction_id named (null: none): its catalogue and communes bound the request
     */
    Map<String, Object> submit(Open311Params p, List<Part> parts, String format, Open311Jurisdictions.Jurisdiction jurisdiction) {
        Open311Clients.Caller caller = caller(p);
        String code = p.get("service_code");
        if (code == null) {
            throw Open311Exception.missing("service_code");
        }
        Open311Services.Service service = services.enabled(code, jurisdiction).orElseThrow(() -> Open311Exception.invalid(
                "service_code", "aucun service « " + code + " »" + (jurisdiction == null ? "" : " à " + jurisdiction.name()
                        + " (jurisdiction_id " + jurisdiction.id() + ")") + " : voir services." + format
                        + (jurisdiction == null ? "" : "?jurisdiction_id=" + jurisdiction.id()) + "."));
        double[] position = position(p);
        if (jurisdiction != null) {
            within(jurisdiction, position);
        }
        List<String> mediaUrls = p.all("media_url");
        UUID key = retryKey(caller, p, code, position, mediaUrls);
        if (key != null) {
            Optional<String> earlier = earlier(key);
            if (earlier.isPresent()) {
                // A retry whose first answer was lost: the same request, nothing stored again.
                return answer(earlier.get(), caller, p, null);
            }
        }
        List<Path> temporary = new ArrayList<>();
        try {
            List<Intake.Upload> uploads = uploads(parts, temporary);
            // Why each media_url that could not be taken is missing, by the field it was sent as.
            Map<String, String> missing = new LinkedHashMap<>();
            Map<String, String> urls = new LinkedHashMap<>();
            for (int i = 0; i < mediaUrls.size(); i++) {
                String field = i == 0 ? "media_url" : "media_url" + (i + 1);
                String url = mediaUrls.get(i);
                urls.put(field, url);
                if (uploads.size() >= photoConfig.maxPerReport()) {
                    missing.put(field, "au plus " + photoConfig.maxPerReport() + " photos par signalement");
                    continue;
                }
                try {
                    MediaFetcher.Fetched fetched = media.fetcher().fetch(url);
                    temporary.add(fetched.file());
                    uploads.add(new Intake.Upload(field, fetched.file(), fetched.size()));
                } catch (MediaFetcher.Refused e) {
                    missing.put(field, e.getMessage());
                }
            }
            // first_name, last_name, phone, device_id and attribute[…] are read and not kept: the
            // product only needs the e-mail (acknowledgement, status changes), reporting stays anonymous.
            ReportRequest report = new ReportRequest(code, position[0], position[1], null, p.get("description"),
                    p.get("email"), "open311");
            String actor = "open311:" + caller.name();
            Intake.Result result = null;
            while (result == null) {
                try {
                    result = intake.submit(report, uploads, key, null, actor);
                } catch (ProblemException e) {
                    String field = e.toProblem().field;
                    if (key != null && ReportResource.IDEMPOTENCY_KEY.equals(field)) {
                        // A concurrent retry was taken in first, its photos fetched otherwise (the key
                        // already covers everything else the request says): the same request all the same.
                        return answer(earlier(key).orElseThrow(() -> e), caller, p, null);
                    }
                    // A fetched file was no photo we can read: the report without it, rather than nothing.
                    if (field == null || !urls.containsKey(field) || !uploads.removeIf(u -> u.field().equals(field))) {
                        throw e;
                    }
                    missing.put(field, e.toProblem().detail);
                }
            }
            String trackingNumber = result.acknowledgement().trackingNumber();
            if (result.replayed()) {
                // A concurrent retry was taken in first: it noted its own missing photos.
                return answer(trackingNumber, caller, p, null);
            }
            String notice = null;
            if (!missing.isEmpty()) {
                Open311Updates.Target t = updates.target(trackingNumber).orElseThrow();
                for (Map.Entry<String, String> m : missing.entrySet()) {
                    citizenUpdates.photoMissing(t.reportId(), t.alertId(), "media_url " + urls.get(m.getKey()) + " : "
                            + m.getValue(), actor);
                }
                notice = " Photo non reçue (" + (mediaUrls.size() > 1 ? missing.size() + " sur " + mediaUrls.size() + ", " : "")
                        + "media_url : " + String.join(" ; ", missing.values()) + ") ; le signalement est enregistré sans "
                        + (missing.size() > 1 ? "elles." : "elle.");
            }
            return answer(trackingNumber, caller, p, notice);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(temporary);
        }
    }

    /** The specification's answer for a request taken in (or taken in before, for a retry). */
    private Map<String, Object> answer(String trackingNumber, Open311Clients.Caller caller,
                                       Open311Params p, String photoNotice) {
        UUID token = requests.register(trackingNumber, caller.id());
        // As GET requests/{id} says it: the commune the report fell in and the service competent
        // there (the commune's own or the EPCI's), not the category's default.
        String notice = (String) requests.one(trackingNumber).orElseThrow().get("service_notice");
        return object(
                "service_request_id", trackingNumber,
                "token", token.toString(),
                "service_notice", photoNotice == null ? notice : notice + photoNotice,
                "account_id", p.get("account_id"));
    }

    /** A jurisdiction named with the request takes only places of its own communes. */
    private void within(Open311Jurisdictions.Jurisdiction jurisdiction, double[] position) {
        Place place = geography.locate(position[0], position[1]);
        if (!place.insideCommune() || !jurisdictions.communesOf(jurisdiction).contains(place.inseeCode())) {
            throw Open311Exception.invalid("lat/long", "ce lieu n'est pas sur le territoire de " + jurisdiction.name()
                    + " (jurisdiction_id " + jurisdiction.id() + ")" + (place.insideCommune() ? " mais à "
                    + place.communeName() + " : envoyez-le sous la jurisdiction_id de sa commune." : "."));
        }
    }

    /**
     * The Idempotency-Key (the citizen API's, {@link Intake}) of a request its client identifies
     * ({@code attribute[fixmystreet_id]}), derived from that client, that id and what the request
     * says, photos' links included: the same request sent again after a lost answer gets the same
     * key, so it is answered as the first time and stored once, even when both arrive at once. The
     * same id with another request (the client resends a report it changed, or reuses ids after a
     * reset) is another report. Null without an id: every request is a new one.
     */
    private static UUID retryKey(Open311Clients.Caller caller, Open311Params p, String code, double[] position,
                                 List<String> mediaUrls) {
        String clientId = p.get("attribute[" + CLIENT_ID + "]");
        if (clientId == null) {
            return null;
        }
        if (clientId.length() > MAX_CLIENT_ID) {
            throw Open311Exception.invalid("attribute[" + CLIENT_ID + "]", "plus de " + MAX_CLIENT_ID + " caractères.");
        }
        Fingerprint f = new Fingerprint().add("open311-request/v1").add(caller.id()).add(clientId).add(code)
                .add(position[0]).add(position[1]).add(p.get("description")).add(p.get("email")).add(mediaUrls.size());
        mediaUrls.forEach(url -> f.add(sameMedia(url)));
        return UUID.nameUUIDFromBytes(f.hex().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A Signalement link to a photo's public version: its path names the photo, its query only when the link
     * expires and its signature (a link to the original, {@code original=true}, is another image and does not match).
     */
    private static final Pattern SIGNED_PHOTO = Pattern.compile(
            "^([^?#]*/api/v1/photos/[0-9a-fA-F-]{36}(?:/thumbnail)?)\\?until=\\d+&sig=[A-Za-z0-9_-]+$");

    /**
     * What a media_url is the same photo as, for the retry key: a photo link from another Signalement
     * (it forwards its alerts with {@code …/api/v1/photos/{key}?until=…&sig=…}) without its expiry and
     * signature, which are minted anew at each attempt and change at each link period — else a retry
     * across a period's end would be another request, and stored twice. Other addresses as they are.
     */
    static String sameMedia(String url) {
        Matcher m = SIGNED_PHOTO.matcher(url);
        return m.matches() ? m.group(1) : url;
    }

    /** The tracking number of the report stored under this key, if one is. */
    private static Optional<String> earlier(UUID key) {
        return QuarkusTransaction.requiringNew().call(() -> Report.byIdempotencyKey(key).map(r -> r.trackingNumber));
    }

    /** The client application behind an api_key, or 403. */
    Open311Clients.Caller caller(Open311Params p) {
        String apiKey = p.get("api_key");
        if (apiKey == null) {
            throw new Open311Exception(403, "api_key manquante : demandez-en une à l'administrateur de la commune.");
        }
        return clients.authenticate(apiKey).orElseThrow(() -> new Open311Exception(403, "api_key invalide ou révoquée."));
    }

    /** The file parts as uploads (copied to a temporary file when held in memory). */
    static List<Intake.Upload> uploads(List<Part> parts, List<Path> temporary) throws IOException {
        List<Intake.Upload> uploads = new ArrayList<>();
        for (Part part : parts) {
            var item = part.value().getFileItem();
            Path file = item.getFile();
            if (item.isInMemory() || file == null) {
                file = Files.createTempFile("open311-media-", ".img");
                temporary.add(file);
                item.write(file);
            }
            uploads.add(new Intake.Upload(part.name(), file, Files.size(file)));
        }
        return uploads;
    }

    static void delete(List<Path> temporary) {
        for (Path temp : temporary) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.warnf("Cannot delete %s", temp);
            }
        }
    }

    /** lat/long, else address_string geocoded in the commune's address base, else address_id (a BAN id). */
    private double[] position(Open311Params p) {
        String lat = p.get("lat");
        String lon = p.get("long");
        if (lat != null || lon != null) {
            if (lat == null) {
                throw Open311Exception.missing("lat");
            }
            if (lon == null) {
                throw Open311Exception.missing("long");
            }
            return new double[]{Open311Params.number("lat", lat), Open311Params.number("long", lon)};
        }
        String address = p.get("address_string");
        if (address != null) {
            Geocoder.Match m = geocoder.geocode(address).orElseThrow(() -> Open311Exception.invalid("address_string",
                    "adresse « " + address + " » introuvable sur le territoire desservi (" + communes.servedTerritory()
                            + ") ; envoyez lat et long."));
            return new double[]{m.lat(), m.lon()};
        }
        String addressId = p.get("address_id");
        if (addressId != null) {
            Geocoder.Match m = geocoder.byId(addressId).orElseThrow(() -> Open311Exception.invalid("address_id",
                    "aucune adresse « " + addressId + " » dans la Base Adresse Nationale de la commune."));
            return new double[]{m.lat(), m.lon()};
        }
        throw new Open311Exception(400, "Paramètre obligatoire manquant : lat et long, ou address_string, ou address_id.");
    }
}
