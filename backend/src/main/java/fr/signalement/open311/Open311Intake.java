package fr.signalement.open311;

import fr.signalement.alert.CitizenUpdates;
import fr.signalement.common.ProblemException;
import fr.signalement.geo.Communes;
import fr.signalement.geo.Geocoder;
import fr.signalement.photo.PhotoConfig;
import fr.signalement.report.Intake;
import fr.signalement.report.ReportRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.signalement.open311.Open311Format.object;

/**
 * A service request posted by a client application: checked against its api_key, placed (lat/long,
 * or an address of the commune), its photos taken from file parts ({@code media}, {@code photo},
 * {@code photo1}…) or fetched from {@code media_url}, then handed to the same intake as the citizen app (channel {@code open311}).
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
     */
    Map<String, Object> submit(Open311Params p, List<Part> parts, String format) {
        Open311Clients.Caller caller = caller(p);
        String code = p.get("service_code");
        if (code == null) {
            throw Open311Exception.missing("service_code");
        }
        Open311Services.Service service = services.enabled(code, null).orElseThrow(() -> Open311Exception.invalid("service_code",
                "aucun service « " + code + " » (voir services." + format + ")."));
        double[] position = position(p);
        List<String> mediaUrls = p.all("media_url");
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
                    result = intake.submit(report, uploads, null, null, actor);
                } catch (ProblemException e) {
                    // A fetched file was no photo we can read: the report without it, rather than nothing.
                    String field = e.toProblem().field;
                    if (field == null || !urls.containsKey(field) || !uploads.removeIf(u -> u.field().equals(field))) {
                        throw e;
                    }
                    missing.put(field, e.toProblem().detail);
                }
            }
            String trackingNumber = result.acknowledgement().trackingNumber();
            UUID token = requests.register(trackingNumber, caller.id());
            // The service competent where the report fell (the commune's own or the EPCI's), not the category's default.
            var ack = result.acknowledgement();
            String notice = Open311Requests.serviceNotice(ack.commune() == null ? null : ack.commune().name(),
                    ack.service().name(), ack.service().email(), ack.service().phone(), service.deadlineHours());
            if (!missing.isEmpty()) {
                Open311Updates.Target t = updates.target(trackingNumber).orElseThrow();
                for (Map.Entry<String, String> m : missing.entrySet()) {
                    citizenUpdates.photoMissing(t.reportId(), t.alertId(), "media_url " + urls.get(m.getKey()) + " : "
                            + m.getValue(), actor);
                }
                notice += " Photo non reçue (" + (mediaUrls.size() > 1 ? missing.size() + " sur " + mediaUrls.size() + ", " : "")
                        + "media_url : " + String.join(" ; ", missing.values()) + ") ; le signalement est enregistré sans "
                        + (missing.size() > 1 ? "elles." : "elle.");
            }
            return object(
                    "service_request_id", trackingNumber,
                    "token", token.toString(),
                    "service_notice", notice,
                    "account_id", p.get("account_id"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(temporary);
        }
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
