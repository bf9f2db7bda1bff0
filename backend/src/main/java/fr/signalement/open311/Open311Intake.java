package fr.signalement.open311;

import fr.signalement.geo.Communes;
import fr.signalement.geo.Geocoder;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.signalement.open311.Open311Format.object;

/**
 * A service request posted by a client application: checked against its api_key, placed (lat/long,
 * or an address of the commune), its photo taken from a {@code media} part or fetched from
 * {@code media_url}, then handed to the same intake as the citizen app (channel {@code open311}).
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

    /**
     * The posted request as the specification answers it (service_request_id, token, service_notice,
     * account_id).
     *
     * @param mediaPart a multipart file named {@code media}, or null
     * @param format    json or xml, to point the client at the right services document
     */
    Map<String, Object> submit(Open311Params p, FormValue mediaPart, String format) {
        String apiKey = p.get("api_key");
        if (apiKey == null) {
            throw new Open311Exception(403, "api_key manquante : demandez-en une à l'administrateur de la commune.");
        }
        Open311Clients.Caller caller = clients.authenticate(apiKey)
                .orElseThrow(() -> new Open311Exception(403, "api_key invalide ou révoquée."));
        String code = p.get("service_code");
        if (code == null) {
            throw Open311Exception.missing("service_code");
        }
        Open311Services.Service service = services.enabled(code, null).orElseThrow(() -> Open311Exception.invalid("service_code",
                "aucun service « " + code + " » (voir services." + format + ")."));
        double[] position = position(p);
        String mediaUrl = p.get("media_url");
        List<Intake.Upload> uploads = new ArrayList<>();
        MediaFetcher.Fetched fetched = null;
        Path copied = null;
        try {
            if (mediaPart != null) {
                var item = mediaPart.getFileItem();
                Path file = item.getFile();
                if (item.isInMemory() || file == null) {
                    copied = Files.createTempFile("open311-media-", ".img");
                    item.write(copied);
                    file = copied;
                }
                uploads.add(new Intake.Upload("media", file, Files.size(file)));
            }
            if (mediaUrl != null) {
                try {
                    fetched = media.fetcher().fetch(mediaUrl);
                } catch (MediaFetcher.Refused e) {
                    throw Open311Exception.invalid("media_url", e.getMessage());
                }
                uploads.add(new Intake.Upload("media_url", fetched.file(), fetched.size()));
            }
            // first_name, last_name, phone, device_id and attribute[…] are read and not kept: the
            // product only needs the e-mail (acknowledgement, status changes), reporting stays anonymous.
            ReportRequest report = new ReportRequest(code, position[0], position[1], null, p.get("description"),
                    p.get("email"), "open311");
            Intake.Result result = intake.submit(report, uploads, null, null, "open311:" + caller.name());
            String trackingNumber = result.acknowledgement().trackingNumber();
            UUID token = requests.register(trackingNumber, caller.id());
            return object(
                    "service_request_id", trackingNumber,
                    "token", token.toString(),
                    "service_notice", Open311Requests.serviceNotice(service.serviceName(), service.deadlineHours()),
                    "account_id", p.get("account_id"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Path temp : Arrays.asList(fetched == null ? null : fetched.file(), copied)) {
                if (temp != null) {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException e) {
                        LOG.warnf("Cannot delete %s", temp);
                    }
                }
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
