package fr.signalement.open311;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.common.ProblemException;
import fr.signalement.geo.Communes;
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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static fr.signalement.open311.Open311Format.object;

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under {@code /open311/v2}, in JSON
 * and XML chosen by the {@code .json}/{@code .xml} suffix. Services are the enabled categories;
 * service requests are reports, posted through the same intake as the citizen app (channel
 * {@code open311}); their status is their alert's.
 *
 * <p>This class is the HTTP side only: routes, the format suffix, and every refusal turned into the
 * specification's error array. Parameters are read by {@link Open311Params}, services by
 * {@link Open311Services}, requests by {@link Open311Requests}, a posted request is taken in by
 * {@link Open311Intake}.
 */
@Path("/open311/v2")
@Tag(name = "Open311 GeoReport v2")
public class Open311Resource {
    private static final Logger LOG = Logger.getLogger(Open311Resource.class);
    static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";

    @Inject
    Open311Config config;
    @Inject
    Communes communes;
    @Inject
    Open311Services services;
    @Inject
    Open311Requests requests;
    @Inject
    Open311Intake intake;
    @Inject
    Open311Jurisdictions open311Jurisdictions;
    @Inject
    Open311Updates updates;
    @Inject
    Open311UpdateIntake updateIntake;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "signalement.public-url")
    String publicUrl;

    // ---------------------------------------------------------------- discovery

    @GET
    @Path("discovery.{format:json|xml}")
    @Operation(summary = "Service discovery: endpoints, formats, changeset")
    public Response discovery(@PathParam("format") String format, @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> {
            checkJurisdiction(jurisdiction);
            String url = base() + "/open311/v2";
            String served = communes.servedTerritory();
            List<Object> jurisdictions = new ArrayList<>();
            for (Open311Jurisdictions.Jurisdiction j : open311Jurisdictions.all()) {
                jurisdictions.add(object("jurisdiction_id", j.id(), "name", j.name(), "type", j.type()));
            }
            return new Open311Format.Doc("discovery", object(
                    "changeset", config.changeset(),
                    "contact", config.contact().orElse(served + " — " + base()),
                    "key_service", config.keyService().orElse("Demandez une api_key à l'administrateur de Signalement de "
                            + served + " (" + base() + ")."),
                    // Not in GeoReport v2's discovery: one jurisdiction per served commune (INSEE code) and EPCI (SIREN).
                    "jurisdictions", new Open311Format.Items("jurisdiction", jurisdictions),
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
            Open311Jurisdictions.Jurisdiction j = checkJurisdiction(jurisdiction);
            List<Object> items = new ArrayList<>();
            for (Open311Services.Service s : services.enabled(j)) {
                items.add(object(
                        "service_code", s.code(),
                        "service_name", s.label(),
                        "description", s.describe(),
                        // true: every service has a definition, with the one attribute below.
                        "metadata", true,
                        "type", "realtime",
                        "keywords", s.keywords(),
                        "group", s.group()));
            }
            return new Open311Format.Doc("services", new Open311Format.Items("service", items));
        });
    }

    @GET
    @Path("services/{code}.{format:json|xml}")
    @Operation(summary = "A service's definition: its attributes; only fixmystreet_id, set by the client, never asked of the citizen")
    public Response serviceDefinition(@PathParam("code") String code, @PathParam("format") String format,
                                      @QueryParam("jurisdiction_id") String jurisdiction) {
        return answer(format, () -> {
            if (services.enabled(code, checkJurisdiction(jurisdiction)).isEmpty()) {
                throw Open311Exception.notFound("Service inconnu : " + code + ".");
            }
            return new Open311Format.Doc("service_definition", object(
                    "service_code", code,
                    "attributes", new Open311Format.Items("attribute", List.of(clientIdAttribute()))));
        });
    }

    /**
     * The client's own id of a request, which FixMyStreet sends as {@code attribute[fixmystreet_id]}
     * only when the service definition declares it (its default {@code id_field}); "server_set":
     * filled in by the client, never asked of the citizen. A request posted again with the same id
     * is recognised as a retry ({@link Open311Intake}).
     */
    private static Map<String, Object> clientIdAttribute() {
        return object(
                "variable", false,
                "code", Open311Intake.CLIENT_ID,
                "datatype", "string",
                "required", false,
                "datatype_description", "L'identifiant du signalement chez le client (au plus "
                        + Open311Intake.MAX_CLIENT_ID + " caractères).",
                "order", 1,
                "description", "Identifiant du signalement dans l'application cliente : une demande renvoyée avec le "
                        + "même identifiant (et le même contenu) n'est pas enregistrée deux fois.",
                "automated", "server_set");
    }

    // ---------------------------------------------------------------- POST requests

    @POST
    @Path("requests.{format:json|xml}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Post a service request (form-encoded, api_key required)")
    public Response create(@PathParam("format") String format, MultivaluedMap<String, String> form, @Context UriInfo uri) {
        return submit(format, new Open311Params(form, uri.getQueryParameters()));
    }

    /**
     * The same as multipart/form-data, which some clients send; file parts named {@code media} (a
     * common extension of the specification), {@code photo} or {@code photo1}, {@code photo2}… are
     * taken as photos, like a fetched media_url. A file part under any other name is refused rather
     * than dropped without a word.
     */
    @POST
    @Path("requests.{format:json|xml}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Post a service request as multipart/form-data, with photos as `media`, `photo`, `photo1`… file parts")
    public Response createMultipart(@PathParam("format") String format, MultipartFormDataInput input, @Context UriInfo uri) {
        return answer(format, () -> {
            MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
            List<Open311Intake.Part> parts = parts(input, form);
            Open311Params p = new Open311Params(form, uri.getQueryParameters());
            return requestsDoc(List.of(intake.submit(p, parts, format, checkJurisdiction(p.get("jurisdiction_id")))));
        });
    }

    private static final java.util.regex.Pattern PHOTO_PART = java.util.regex.Pattern.compile("media|photo|photo[0-9]{1,2}");

    /** The text fields into {@code form}; the file parts, in the order of their names (photo1 before photo2). */
    private static List<Open311Intake.Part> parts(MultipartFormDataInput input, MultivaluedMap<String, String> form) {
        List<Open311Intake.Part> parts = new ArrayList<>();
        for (Map.Entry<String, Collection<FormValue>> e : input.getValues().entrySet()) {
            for (FormValue v : e.getValue()) {
                if (!v.isFileItem()) {
                    form.add(e.getKey(), v.getValue());
                } else if (PHOTO_PART.matcher(e.getKey()).matches()) {
                    parts.add(new Open311Intake.Part(e.getKey(), v));
                } else {
                    throw Open311Exception.invalid(e.getKey(), "fichier inattendu : envoyez les photos dans des "
                            + "parties nommées media, photo ou photo1, photo2…");
                }
            }
        }
        parts.sort(java.util.Comparator.comparing((Open311Intake.Part part) -> part.name().length())
                .thenComparing(Open311Intake.Part::name));
        return parts;
    }

    /** Any other body (JSON, none at all…): refused in the specification's form, not as a bare 415. */
    @POST
    @Path("requests.{format:json|xml}")
    @Operation(hidden = true)
    public Response createUnsupported(@PathParam("format") String format) {
        return error(Open311Format.of(format), 415, "Envoyez les paramètres en application/x-www-form-urlencoded "
                + "(ou multipart/form-data), comme le prévoit GeoReport v2.");
    }

    private Response submit(String format, Open311Params p) {
        return answer(format, () -> {
            // Named, the jurisdiction bounds the request: its catalogue, its territory (Open311Intake).
            Map<String, Object> posted = intake.submit(p, List.of(), format, checkJurisdiction(p.get("jurisdiction_id")));
            return requestsDoc(List.of(posted));
        });
    }

    // ---------------------------------------------------------------- GET requests

    @GET
    @Path("requests.{format:json|xml}")
    @Operation(summary = "Service requests: by ids, or by service_code, dates (default: last 90 days) and status")
    public Response list(@PathParam("format") String format, @Context UriInfo uri) {
        return answer(format, () -> {
            Open311Params p = new Open311Params(null, uri.getQueryParameters());
            // A jurisdiction's client sees its own communes' requests (none: the whole deployment).
            Open311Jurisdictions.Jurisdiction j = checkJurisdiction(p.get("jurisdiction_id"));
            Open311Requests.Query q = p.requestsQuery(config.maxPageSize(), config.windowDays()).in(open311Jurisdictions.communesOf(j));
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

    // ---------------------------------------------------------------- service request updates (mySociety)

    @GET
    @Path("servicerequestupdates.{format:json|xml}")
    @Operation(summary = "Status changes of service requests between start_date and end_date (default: last 90 days), "
            + "oldest first, with mySociety's extended statuses")
    public Response listUpdates(@PathParam("format") String format, @Context UriInfo uri) {
        return answer(format, () -> {
            Open311Params p = new Open311Params(null, uri.getQueryParameters());
            Open311Jurisdictions.Jurisdiction j = checkJurisdiction(p.get("jurisdiction_id"));
            Open311Updates.Query q = p.updatesQuery(config.maxPageSize(), config.maxUpdatesUnpaged(), config.windowDays())
                    .in(open311Jurisdictions.communesOf(j));
            List<Map<String, Object>> found = updates.find(q);
            if (!p.paged() && found.size() > config.maxUpdatesUnpaged()) {
                // Never a silent cut: a client that does not page would lose the rest for good.
                throw Open311Exception.invalid("end_date", "plus de " + config.maxUpdatesUnpaged()
                        + " mises à jour entre start_date et end_date : demandez une période plus courte, "
                        + "ou paginez (page_size, page).");
            }
            return new Open311Format.Doc("service_requests_updates", new Open311Format.Items("request_update", found));
        });
    }

    @POST
    @Path("servicerequestupdates.{format:json|xml}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Post a reporter's update: comment, photo by media_url, status OPEN to say it is still not fixed")
    public Response createUpdate(@PathParam("format") String format, MultivaluedMap<String, String> form, @Context UriInfo uri) {
        return answer(format, () -> {
            Open311Params p = new Open311Params(form, uri.getQueryParameters());
            checkJurisdiction(p.get("jurisdiction_id"));
            return updateDoc(updateIntake.submit(p, List.of()));
        });
    }

    @POST
    @Path("servicerequestupdates.{format:json|xml}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Post a reporter's update as multipart/form-data, with its photo as a `media` or `photo` file part")
    public Response createUpdateMultipart(@PathParam("format") String format, MultipartFormDataInput input,
                                          @Context UriInfo uri) {
        return answer(format, () -> {
            MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
            List<Open311Intake.Part> parts = parts(input, form);
            Open311Params p = new Open311Params(form, uri.getQueryParameters());
            checkJurisdiction(p.get("jurisdiction_id"));
            return updateDoc(updateIntake.submit(p, parts));
        });
    }

    @POST
    @Path("servicerequestupdates.{format:json|xml}")
    @Operation(hidden = true)
    public Response createUpdateUnsupported(@PathParam("format") String format) {
        return createUnsupported(format);
    }

    private static Open311Format.Doc updateDoc(Map<String, Object> posted) {
        return new Open311Format.Doc("service_request_updates", new Open311Format.Items("request_update", List.of(posted)));
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
                || resource.equals("requests") || resource.startsWith("requests/") || resource.startsWith("tokens/")
                || resource.equals("servicerequestupdates");
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
            Response.ResponseBuilder r = Response.fromResponse(error(f, code, (field == null ? "" : field + " : ") + problem.detail));
            e.headers().forEach(r::header); // Retry-After on a 503
            return r.build();
        } catch (RuntimeException e) {
            LOG.error("Open311 request failed", e);
            return error(f, 500, "Erreur interne ; rien n'a été enregistré.");
        }
    }

    private Response error(Open311Format f, int status, String description) {
        return Response.status(status).entity(f.write(Open311Format.errors(status, description), json)).type(f.mediaType).build();
    }

    /** The jurisdiction named (null when none is: the whole deployment); 404 for one this server does not serve. */
    private Open311Jurisdictions.Jurisdiction checkJurisdiction(String jurisdiction) {
        if (jurisdiction == null || jurisdiction.isBlank()) {
            return null;
        }
        return open311Jurisdictions.byId(jurisdiction.strip()).orElseThrow(() -> Open311Exception.notFound(
                "jurisdiction_id inconnue : " + jurisdiction.strip() + " (ce serveur sert " + communes.servedTerritory()
                        + " ; voir discovery)."));
    }

    private String base() {
        return publicUrl.replaceAll("/+$", "");
    }
}
