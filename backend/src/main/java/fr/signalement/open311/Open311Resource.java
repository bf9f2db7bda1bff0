package fr.signalement.open311;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.common.ProblemException;
import fr.signalement.geo.CommuneConfig;
import fr.signalement.geo.Geocoder;
import fr.signalement.report.Intake;
import fr.signalement.report.ReportRequest;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Collator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static fr.signalement.open311.Open311Format.object;

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under {@code /open311/v2}, in JSON
 * and XML chosen by the {@code .json}/{@code .xml} suffix. Services are the enabled categories;
 * service requests are reports, posted through the same intake as the citizen app (channel
 * {@code open311}); their status is their alert's.
 */
@Path("/open311/v2")
@Tag(name = "Open311 GeoReport v2")
public class Open311Resource {
    private static final Logger LOG = Logger.getLogger(Open311Resource.class);
    static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
    private static final Collator FRENCH = Collator.getInstance(Locale.FRENCH);
    private static final Pattern SPACE_OFFSET = Pattern.compile("^(.*\\d) (\\d{2}:?\\d{2})$");
    private static final Set<String> STOP_WORDS = Set.of("avec", "dans", "pour", "sans", "sous", "leur", "autre", "autres");

    @Inject
    Open311Config config;
    @Inject
    CommuneConfig commune;
    @Inject
    Open311Clients clients;
    @Inject
    Open311Requests requests;
    @Inject
    Open311Media media;
    @Inject
    Geocoder geocoder;
    @Inject
    Intake intake;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "signalement.public-url")
    String publicUrl;

    private record ServiceRow(String code, String label, String group, String description, int deadlineHours,
                              String serviceName) {
    }

    // ---------------------------------------------------------------- discovery

    @GET
    @Path("discovery.{format:json|xml}")
    @Operation(summary = "Service discovery: endpoints, formats, changeset")
    public Response discovery(@PathParam("format") String format, @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> {
            checkJurisdiction(jurisdiction);
            String url = base() + "/open311/v2";
            return new Open311Format.Doc("discovery", object(
                    "changeset", config.changeset(),
                    "contact", config.contact().orElse("Mairie de " + commune.name() + " — " + base()),
                    "key_service", config.keyService().orElse("Demandez une api_key à l'administrateur de Signalement de "
                            + commune.name() + " (" + base() + ")."),
                    "endpoints", new Open311Format.Items("endpoint", List.of(object(
                            "specification", SPECIFICATION,
                            "url", url,
                            "changeset", config.changeset(),
                            "type", "production",
                            "formats", new Open311Format.Items("format", List.of("text/xml", "application/json")))))));
        });
    }

    // ---------------------------------------------------------------- services

    @GET
    @Path("services.{format:json|xml}")
    @Operation(summary = "Every enabled category, as a service")
    public Response services(@PathParam("format") String format, @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> {
            checkJurisdiction(jurisdiction);
            List<Object> items = new ArrayList<>();
            for (ServiceRow s : enabledServices(null)) {
                items.add(object(
                        "service_code", s.code(),
                        "service_name", s.label(),
                        "description", s.description() != null && !s.description().isBlank() ? s.description()
                                : s.label() + " (" + s.group() + ") — traité par " + s.serviceName()
                                + ", délai annoncé " + s.deadlineHours() + " h.",
                        "metadata", false,
                        "type", "realtime",
                        "keywords", keywords(s),
                        "group", s.group()));
            }
            return new Open311Format.Doc("services", new Open311Format.Items("service", items));
        });
    }

    @GET
    @Path("services/{code}.{format:json|xml}")
    @Operation(summary = "A service's definition: its extra questions (attributes); none today")
    public Response serviceDefinition(@PathParam("code") String code, @PathParam("format") String format,
                                      @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> {
            checkJurisdiction(jurisdiction);
            if (enabledServices(code).isEmpty()) {
                throw Open311Exception.notFound("Service inconnu : " + code + ".");
            }
            return new Open311Format.Doc("service_definition", object(
                    "service_code", code,
                    "attributes", new Open311Format.Items("attribute", List.of())));
        });
    }

    // ---------------------------------------------------------------- POST requests

    @POST
    @Path("requests.{format:json|xml}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Post a service request (form-encoded, api_key required)")
    public Response create(@PathParam("format") String format, MultivaluedMap<String, String> form, @Context UriInfo uri) {
        return submit(format, new Params(form, uri.getQueryParameters()), null);
    }

    /**
     * The same as multipart/form-data, which some clients send; a file part named {@code media}
     * (a common extension of the specification) is taken as the photo, like a fetched media_url.
     */
    @POST
    @Path("requests.{format:json|xml}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Post a service request as multipart/form-data, optionally with a `media` file part")
    public Response createMultipart(@PathParam("format") String format, MultipartFormDataInput input, @Context UriInfo uri) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        FormValue mediaPart = null;
        for (Map.Entry<String, Collection<FormValue>> e : input.getValues().entrySet()) {
            for (FormValue v : e.getValue()) {
                if (v.isFileItem()) {
                    if (e.getKey().equals("media") && mediaPart == null) {
                        mediaPart = v;
                    }
                } else {
                    form.add(e.getKey(), v.getValue());
                }
            }
        }
        return submit(format, new Params(form, uri.getQueryParameters()), mediaPart);
    }

    /** Any other body (JSON, none at all…): refused in the specification's form, not as a bare 415. */
    @POST
    @Path("requests.{format:json|xml}")
    @Operation(hidden = true)
    public Response createUnsupported(@PathParam("format") String format) {
        return error(Open311Format.of(format), 415, "Envoyez les paramètres en application/x-www-form-urlencoded "
                + "(ou multipart/form-data), comme le prévoit GeoReport v2.");
    }

    private Response submit(String format, Params p, FormValue mediaPart) {
        return answer(format, () -> {
            checkJurisdiction(p.get("jurisdiction_id"));
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
            List<ServiceRow> service = enabledServices(code);
            if (service.isEmpty()) {
                throw Open311Exception.invalid("service_code", "aucun service « " + code + " » (voir services."
                        + format + ").");
            }
            double[] position = position(p);
            String mediaUrl = p.get("media_url");
            List<Intake.Upload> uploads = new ArrayList<>();
            MediaFetcher.Fetched fetched = null;
            java.nio.file.Path copied = null;
            try {
                if (mediaPart != null) {
                    var item = mediaPart.getFileItem();
                    java.nio.file.Path file = item.getFile();
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
                UUID token = register(trackingNumber, caller.id());
                return new Open311Format.Doc("service_requests", new Open311Format.Items("request", List.of(object(
                        "service_request_id", trackingNumber,
                        "token", token.toString(),
                        "service_notice", Open311Requests.serviceNotice(service.get(0).serviceName(), service.get(0).deadlineHours()),
                        "account_id", p.get("account_id")))));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                for (java.nio.file.Path temp : java.util.Arrays.asList(fetched == null ? null : fetched.file(), copied)) {
                    if (temp != null) {
                        try {
                            Files.deleteIfExists(temp);
                        } catch (IOException e) {
                            LOG.warnf("Cannot delete %s", temp);
                        }
                    }
                }
            }
        });
    }

    /** lat/long, else address_string geocoded in the commune's address base, else address_id (a BAN id). */
    private double[] position(Params p) {
        String lat = p.get("lat");
        String lon = p.get("long");
        if (lat != null || lon != null) {
            if (lat == null) {
                throw Open311Exception.missing("lat");
            }
            if (lon == null) {
                throw Open311Exception.missing("long");
            }
            return new double[]{number("lat", lat), number("long", lon)};
        }
        String address = p.get("address_string");
        if (address != null) {
            Geocoder.Match m = geocoder.geocode(address).orElseThrow(() -> Open311Exception.invalid("address_string",
                    "adresse « " + address + " » introuvable à " + commune.name() + " ; envoyez lat et long."));
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

    private static double number(String name, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw Open311Exception.invalid(name, "« " + value + " » n'est pas un nombre (degrés WGS84).");
        }
    }

    private UUID register(String trackingNumber, long clientId) {
        UUID token = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO open311_request (report_id, client_id, token)
                SELECT id, ?, ? FROM report WHERE tracking_number = ?""")) {
            ps.setLong(1, clientId);
            ps.setObject(2, token);
            ps.setString(3, trackingNumber);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the Open311 token", e);
        }
        return token;
    }

    // ---------------------------------------------------------------- GET requests

    @GET
    @Path("requests.{format:json|xml}")
    @Operation(summary = "Service requests: by ids, or by service_code, dates (default: last 90 days) and status")
    public Response list(@PathParam("format") String format, @Context UriInfo uri) {
        return answer(format, () -> {
            Params p = new Params(null, uri.getQueryParameters());
            checkJurisdiction(p.get("jurisdiction_id"));
            int max = config.maxPageSize();
            int pageSize = p.get("page_size") == null ? max : integer("page_size", p.get("page_size"), 1, max);
            int page = p.get("page") == null ? 1 : integer("page", p.get("page"), 1, Integer.MAX_VALUE / max);
            List<String> ids = list(p.get("service_request_id"));
            Open311Requests.Query q;
            if (!ids.isEmpty()) {
                // The spec: service_request_id overrides every other argument.
                q = new Open311Requests.Query(ids, null, null, null, null, pageSize, (page - 1) * pageSize);
            } else {
                Instant start = date("start_date", p.get("start_date"), false);
                Instant end = date("end_date", p.get("end_date"), true);
                Duration window = Duration.ofDays(config.windowDays());
                if (start == null && end == null) {
                    end = Instant.now();
                    start = end.minus(window);
                } else if (start == null) {
                    start = end.minus(window);
                } else if (end == null) {
                    end = start.plus(window);
                }
                if (end.isBefore(start)) {
                    throw Open311Exception.invalid("end_date", "antérieure à start_date.");
                }
                if (Duration.between(start, end).compareTo(window.plusSeconds(1)) > 0) {
                    throw Open311Exception.invalid("end_date", "la période demandée ne peut pas dépasser "
                            + config.windowDays() + " jours.");
                }
                q = new Open311Requests.Query(null, list(p.get("service_code")), start, end, status(p.get("status")),
                        pageSize, (page - 1) * pageSize);
            }
            return requestsDoc(requests.find(q));
        });
    }

    @GET
    @Path("requests/{id}.{format:json|xml}")
    @Operation(summary = "One service request")
    public Response one(@PathParam("id") String id, @PathParam("format") String format,
                        @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> {
            checkJurisdiction(jurisdiction);
            Map<String, Object> r = requests.one(id).orElseThrow(() ->
                    Open311Exception.notFound("Aucune demande " + id + "."));
            return requestsDoc(List.of(r));
        });
    }

    @GET
    @Path("tokens/{token}.{format:json|xml}")
    @Operation(summary = "The service_request_id of a request posted with this token")
    public Response token(@PathParam("token") String token, @PathParam("format") String format,
                          @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> {
            checkJurisdiction(jurisdiction);
            UUID t;
            try {
                t = UUID.fromString(token);
            } catch (IllegalArgumentException e) {
                throw Open311Exception.notFound("Jeton inconnu : " + token + ".");
            }
            String id = requests.byToken(t).orElseThrow(() -> Open311Exception.notFound("Jeton inconnu : " + token + "."));
            return new Open311Format.Doc("service_requests", new Open311Format.Items("request",
                    List.of(object("service_request_id", id, "token", token))));
        });
    }

    // ---------------------------------------------------------------- anything else under /open311/v2

    @GET
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownGet(@PathParam("path") String path) {
        return unknown(path, "GET");
    }

    @POST
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownPost(@PathParam("path") String path) {
        return unknown(path, "POST");
    }

    @PUT
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownPut(@PathParam("path") String path) {
        return unknown(path, "PUT");
    }

    @DELETE
    @Path("{path: .*}")
    @Operation(hidden = true)
    public Response unknownDelete(@PathParam("path") String path) {
        return unknown(path, "DELETE");
    }

    private Response unknown(String path, String method) {
        int dot = path.lastIndexOf('.');
        String suffix = dot < 0 ? "" : path.substring(dot + 1);
        Open311Format f = Open311Format.of(suffix);
        String resource = dot < 0 ? path : path.substring(0, dot);
        if (f == null) {
            return error(Open311Format.JSON, 400, "Format manquant ou non pris en charge : ajoutez .json ou .xml au chemin.");
        }
        boolean known = resource.equals("discovery") || resource.equals("services") || resource.startsWith("services/")
                || resource.equals("requests") || resource.startsWith("requests/") || resource.startsWith("tokens/");
        if (known) {
            return error(f, 405, "Méthode " + method + " non prise en charge sur " + path + ".");
        }
        return error(f, 404, "Ressource inconnue : " + path + ".");
    }

    // ---------------------------------------------------------------- helpers

    private Open311Format.Doc requestsDoc(List<Map<String, Object>> rows) {
        return new Open311Format.Doc("service_requests", new Open311Format.Items("request", rows));
    }

    private Response answer(String format, Supplier<Open311Format.Doc> body) {
        Open311Format f = Open311Format.of(format);
        try {
            return Response.ok(f.write(body.get(), json)).type(f.mediaType).build();
        } catch (Open311Exception e) {
            return error(f, e.status(), e.getMessage());
        } catch (ProblemException e) {
            int status = e.status();
            int code = status == 422 || status == 413 || status == 415 ? 400 : status;
            var problem = e.toProblem();
            String field = problem.field == null ? null : switch (problem.field) {
                case "categoryCode" -> "service_code";
                case "lat", "lon" -> "lat/long";
                case "contactEmail" -> "email";
                case "photo", "media_url" -> "media_url";
                case "media" -> "media";
                default -> problem.field;
            };
            return error(f, code, (field == null ? "" : field + " : ") + problem.detail);
        } catch (RuntimeException e) {
            LOG.error("Open311 request failed", e);
            return error(f, 500, "Erreur interne ; rien n'a été enregistré.");
        }
    }

    private Response error(Open311Format f, int status, String description) {
        return Response.status(status).entity(f.write(Open311Format.errors(status, description), json)).type(f.mediaType).build();
    }

    private void checkJurisdiction(String jurisdiction) {
        if (jurisdiction != null && !jurisdiction.isBlank() && !jurisdiction.strip().equals(commune.inseeCode())) {
            throw Open311Exception.notFound("jurisdiction_id inconnue : " + jurisdiction.strip() + " (ce serveur sert "
                    + commune.name() + ", " + commune.inseeCode() + ").");
        }
    }

    private List<ServiceRow> enabledServices(String code) {
        String sql = """
                SELECT c.code, c.label, c.group_label, c.description, c.deadline_hours, s.name
                FROM category c JOIN service s ON s.id = c.service_id
                WHERE c.enabled""" + (code == null ? "" : " AND c.code = ?");
        List<ServiceRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (code != null) {
                ps.setString(1, code);
            }
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.add(new ServiceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the categories", e);
        }
        out.sort(Comparator.comparing(ServiceRow::group, FRENCH).thenComparing(ServiceRow::label, FRENCH));
        return out;
    }

    /** Words a client can search services by: those of the group and the label. */
    private static String keywords(ServiceRow s) {
        Set<String> words = new LinkedHashSet<>();
        for (String text : List.of(s.group(), s.label())) {
            for (String w : text.toLowerCase(Locale.FRENCH).split("[^\\p{L}\\p{N}]+")) {
                if (w.length() >= 4 && !STOP_WORDS.contains(w)) {
                    words.add(w);
                }
            }
        }
        return String.join(", ", words);
    }

    private String base() {
        return publicUrl.replaceAll("/+$", "");
    }

    private static List<String> list(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
    }

    private static Boolean status(String value) {
        List<String> statuses = list(value);
        boolean open = false;
        boolean closed = false;
        for (String s : statuses) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "open" -> open = true;
                case "closed" -> closed = true;
                default -> throw Open311Exception.invalid("status", "« " + s + " » (open ou closed).");
            }
        }
        return open == closed ? null : open;
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int i = Integer.parseInt(value.strip());
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw Open311Exception.invalid(name, "un entier entre " + min + " et " + max + " est attendu.");
        }
    }

    /** W3C date-times (with Z or an offset); a date or a local time is read in the commune's time zone. */
    static Instant date(String name, String value, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        var m = SPACE_OFFSET.matcher(v);
        if (m.matches()) {
            v = m.group(1) + "+" + m.group(2); // an unencoded '+' in a query string arrives as a space
        }
        v = v.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) (\\d)", "$1T$2");
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            return OffsetDateTime.parse(v, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss][.SSS]Z")).toInstant();
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            return LocalDateTime.parse(v).atZone(Open311Requests.PARIS).toInstant();
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            LocalDate d = LocalDate.parse(v);
            return (endOfDay ? d.plusDays(1) : d).atStartOfDay(Open311Requests.PARIS).toInstant().minusNanos(endOfDay ? 1000 : 0);
        } catch (DateTimeParseException e) {
            throw Open311Exception.invalid(name, "« " + value + " » n'est pas une date W3C (ex. 2026-11-25T10:00:00+01:00).");
        }
    }

    /** Form fields first, then the query string (some clients send everything there); blanks are absent. */
    private record Params(MultivaluedMap<String, String> form, MultivaluedMap<String, String> query) {
        String get(String name) {
            String v = form == null ? null : form.getFirst(name);
            if (v == null || v.isBlank()) {
                v = query == null ? null : query.getFirst(name);
            }
            return v == null || v.isBlank() ? null : v.strip();
        }
    }
}
