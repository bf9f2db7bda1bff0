package fr.signalement.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.common.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    Intake intake;
    @Inject
    FollowUp followUp;
    @Inject
    ObjectMapper json;
    @Inject
    fr.signalement.staff.CurrentStaff staff;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a report (no photo)", description = "Answers 201 with the acknowledgement of receipt.")
    @APIResponse(responseCode = "201", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Acknowledgement.class)))
    public Response create(ReportRequest request,
                           @Parameter(description = "UUID; a retry with the same key never creates a second report")
                           @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey) {
        if (request == null) {
            throw ProblemException.badRequest(null, "Le corps de la requête est vide.");
        }
        return created(intake.submit(request, List.of(), key(idempotencyKey), null, actor(request)));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Send a report with up to 3 photos", description = "A `report` JSON part and 0–3 `photo` parts.")
    @APIResponse(responseCode = "201", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Acknowledgement.class)))
    public Response createWithPhotos(@RestForm("report") String report,
                                     @RestForm("photo") List<FileUpload> photos,
                                     @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey) {
        if (report == null || report.isBlank()) {
            throw ProblemException.badRequest("report", "La partie « report » (JSON) est obligatoire.");
        }
        ReportRequest request;
        try {
            request = json.readValue(report, ReportRequest.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("report", "La partie « report » n'est pas un JSON valide.");
        }
        return created(intake.submit(request, uploads(photos), key(idempotencyKey), null, actor(request)));
    }

    @GET
    @Path("/{trackingNumber}")
    @Operation(summary = "Follow a report with the secret token of its follow-up link")
    public FollowUp.View follow(@PathParam("trackingNumber") String trackingNumber, @QueryParam("token") String token) {
        return followUp.view(trackingNumber, token);
    }

    private String actor(ReportRequest request) {
        return Author.of(staff, request.channel());
    }

    static List<Intake.Upload> uploads(List<FileUpload> photos) {
        return photos == null ? List.of() : photos.stream()
                .map(f -> new Intake.Upload("photo", f.uploadedFile(), f.size()))
                .toList();
    }

    /** A random UUID (version 4), as the IETF draft asks; anything guessable or shared is refused. */
    private static final java.util.regex.Pattern UUID_V4 =
            java.util.regex.Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$");

    public static UUID key(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (!UUID_V4.matcher(header.trim()).matches()) {
            throw ProblemException.badRequest(IDEMPOTENCY_KEY,
                    "L'en-tête Idempotency-Key doit être un UUID aléatoire (version 4), différent pour chaque signalement.");
        }
        return UUID.fromString(header.trim());
    }

    public static Response created(Intake.Result result) {
        Acknowledgement ack = result.acknowledgement();
        return Response.created(URI.create("/api/v1/reports/" + ack.trackingNumber()))
                .header("Idempotent-Replayed", result.replayed())
                .entity(ack)
                .build();
    }

}
