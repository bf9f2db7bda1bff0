package fr.signalement.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/** Turns every failure into an RFC 9457 answer, so clients never have to parse HTML or guess. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response response(Problem problem) {
        return Response.status(problem.status).header(ProblemMediaType.MARKER, "1").entity(problem).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return response(e.toProblem());
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
