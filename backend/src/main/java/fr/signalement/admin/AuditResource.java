package fr.signalement.admin;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.Dates;
import fr.signalement.common.ProblemException;
import fr.signalement.staff.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Read-only access to the audit log, for administrators. There is no way to change it. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN)
public class AuditResource {
    @Inject
    AuditLog audit;

    @GET
    public AuditLog.Page list(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("actor") String actor,
                              @QueryParam("action") String action, @QueryParam("target") String target,
                              @QueryParam("commune") String commune,
                              @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw ProblemException.badRequest("size", "Pagination : page ≥ 0 et 1 ≤ size ≤ 1000.");
        }
        return audit.read(instant(from, "from"), instant(to, "to"), actor, action, target, blankToNull(commune), page, size);
    }

    /** A commune filter is an INSEE code (400 otherwise: nothing else can match). */
    private static String blankToNull(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        if (!fr.signalement.geo.Communes.isInseeCode(s.strip())) {
            throw ProblemException.badRequest("commune", "Code INSEE de commune attendu (5 caractères, ex. 67482).");
        }
        return s.strip();
    }

    private static Instant instant(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Dates.checked(field, Instant.parse(s));
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "Date attendue au format ISO-8601 (2026-01-31T00:00:00Z).");
        }
    }
}
