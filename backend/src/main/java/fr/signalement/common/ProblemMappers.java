package fr.signalement.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.time.DateTimeException;
import java.util.stream.Collectors;

/** Turns every failure into an RFC 9457 answer, so clients never have to parse HTML or guess. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response response(Problem problem) {
        return Response.status(problem.status).header(ProblemMediaType.MARKER, "1").entity(problem).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder r = Response.status(e.status()).header(ProblemMediaType.MARKER, "1").entity(e.toProblem());
        e.headers().forEach(r::header);
        return r.build();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String field = null;
        String detail = "Le corps de la requête n'est pas un JSON valide.";
        if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            field = mie.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            detail = e instanceof UnrecognizedPropertyException
                    ? "Champ inconnu : « " + field + " »."
                    : e instanceof InvalidFormatException
                    ? "Valeur invalide pour « " + field + " »."
                    : "Type de valeur invalide pour « " + field + " ».";
        }
        return response(new Problem(400, "Requête invalide", detail, field));
    }

    /** Quarkus ships a mapper for this subtype; ours must be at least as specific to win. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    /**
     * No valid token where one is needed (none, expired, forged): Quarkus would answer a bare 401.
     * The challenge header tells clients which scheme to use.
     */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        // The type is set here too: a token refused while authenticating skips the route filter that sets it.
        return Response.fromResponse(response(new Problem(401, "Authentification requise",
                "Connectez-vous : un jeton valide est nécessaire (absent, expiré ou invalide).", null)))
                .type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid token whose roles do not allow this: Quarkus would answer a bare 403. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Response.fromResponse(response(new Problem(403, "Accès refusé", "Votre rôle ne permet pas cette action.", null)))
                .type(Problem.MEDIA_TYPE).build();
    }

    /** A typed parameter that is not of its type (see {@link TypedParams}). */
    @ServerExceptionMapper
    public Response parameter(BadParameter e) {
        return response(e.toProblem());
    }

    /**
     * A date that parses but cannot be represented ({@code +300000-01-01} once shifted into a zone,
     * an instant past {@code Instant.MAX}): bad input wherever it comes from.
     */
    @ServerExceptionMapper
    public Response dateTime(DateTimeException e) {
        return response(new Problem(400, "Requête invalide", "Date ou heure invalide ou hors des limites acceptées ("
                + Dates.range() + ").", null));
    }

    /**
     * The request body could not be read: the client went away, sent a body larger than its route
     * accepts as it streamed in (see {@link BodyLimits}), or broke its own framing.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        if (e instanceof BodyLimits.TooLarge tooLarge) {
            return problem(tooLarge.refusal());
        }
        if ("Request too large".equals(e.getMessage())) {
            // Quarkus' own stream limit, a backstop past BodyLimits' bound: Quarkus has already answered
            // with an empty 413 and closed the connection; this answer can no longer be sent.
            return response(new Problem(413, "Requête trop volumineuse", "Le corps de la requête est trop volumineux.", null));
        }
        return response(new Problem(400, "Requête invalide", "Le corps de la requête n'a pas pu être lu.", null));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        var v = e.getConstraintViolations().stream().findFirst();
        String field = v.map(c -> {
            String path = c.getPropertyPath().toString();
            return path.substring(path.lastIndexOf('.') + 1);
        }).orElse(null);
        String detail = v.map(c -> (field != null ? "« " + field + " » : " : "") + c.getMessage()).orElse("Requête invalide.");
        return response(new Problem(400, "Requête invalide", detail, field));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        // Quarkus' JSON reader answers a body that is no JSON with a bare 400 carrying Jackson's error.
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Erreur";
        String detail = switch (status) {
            case 404 -> "Ressource introuvable.";
            case 405 -> "Méthode non autorisée sur cette ressource.";
            case 406 -> "Format de réponse non disponible.";
            case 415 -> "Type de contenu non accepté.";
            case 401 -> "Authentification requise.";
            case 403 -> "Accès refusé.";
            default -> e.getMessage();
        };
        return response(new Problem(status, title, detail, null));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return response(new Problem(500, "Erreur interne", "Une erreur inattendue est survenue ; rien n'a été enregistré.", null));
    }
}
