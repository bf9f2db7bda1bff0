package fr.signalement.field;

import fr.signalement.common.ProblemException;
import fr.signalement.common.RequestLoad;
import fr.signalement.staff.CurrentStaff;
import fr.signalement.staff.Role;
import fr.signalement.staff.StaffUser;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.regex.Pattern;

/**
 * New-job alerts without Google Play services (issue #16): the agents' app registers its tablet,
 * then its persisted background job long-polls the events of its team (NEW, REASSIGNED, OVERDUE)
 * and raises a notification that opens the job. Events live in the database ({@link FieldEvents}),
 * so any replica answers and a tablet that was off gets what it missed from its cursor.
 */
@Path("/api/v1/field")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.AGENT)
public class FieldEventResource {
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{8,100}");
    private static final Pattern WAIT = Pattern.compile("(\\d{1,4})s?");

    @Inject
    FieldEvents events;
    @Inject
    CurrentStaff staff;
    @Inject
    RequestLoad load;

    /** The longest a poll is held open: below the usual 60 s proxy and mobile-network idle limits. */
    @ConfigProperty(name = "signalement.field.events.max-wait-s", defaultValue = "30")
    int maxWaitS;
    /** How often a waiting poll looks at the database for events another replica wrote. */
    @ConfigProperty(name = "signalement.field.events.poll-ms", defaultValue = "1000")
    long pollMs;
    @ConfigProperty(name = "signalement.field.events.page-max", defaultValue = "100")
    int pageMax;

    public record FieldDeviceRegistration(String deviceId, String platform, String appVersion) {
    }

    /** @param next the cursor to ask from next time ({@code after}) */
    public record FieldEventPage(List<FieldEvents.FieldEvent> events, long next) {
    }

    @POST
    @Path("/devices")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register the agent's tablet for new-job alerts; answers the cursor to poll from")
    public FieldEvents.FieldDevice register(FieldDeviceRegistration body) {
        StaffUser agent = agent();
        String id = body == null ? null : body.deviceId();
        if (id == null || !DEVICE_ID.matcher(id).matches()) {
            throw ProblemException.badRequest("deviceId",
                    "L'identifiant de la tablette (« deviceId ») fait 8 à 100 caractères : lettres, chiffres, . _ : -.");
        }
        return events.register(id, agent, clip(body.platform()), clip(body.appVersion()));
    }

    /**
     * The team's events after {@code after}, answered as soon as there is one, or empty when
     * {@code wait} is over. Without {@code after}: no events, and the cursor to start from (now).
     */
    @GET
    @Path("/events")
    @Operation(summary = "Long-poll the team's new, reassigned and overdue jobs after a cursor")
    public FieldEventPage poll(@QueryParam("after") String after, @QueryParam("wait") String wait,
                               @QueryParam("device") String device) throws InterruptedException {
        StaffUser agent = agent();
        long team = agent.teamId();
        if (device != null && DEVICE_ID.matcher(device).matches()) {
            events.seen(device, agent.id);
        }
        if (after == null || after.isBlank()) {
            return new FieldEventPage(List.of(), events.head(team));
        }
        long cursor;
        try {
            cursor = Long.parseLong(after.trim());
        } catch (NumberFormatException e) {
            cursor = -1;
        }
        if (cursor < 0) {
            throw ProblemException.badRequest("after", "Le curseur « after » est le « next » de la réponse précédente.");
        }
        long waitMs = waitMs(wait);
        if (waitMs > 0) {
            load.waiting(); // a held poll is not work: photo work need not give way to it
        }
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (true) {
            List<FieldEvents.FieldEvent> found = events.since(team, cursor, pageMax);
            if (!found.isEmpty()) {
                return new FieldEventPage(found, found.get(found.size() - 1).id());
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return new FieldEventPage(List.of(), cursor);
            }
            events.await(Math.min(left, pollMs));
        }
    }

    private long waitMs(String wait) {
        if (wait == null || wait.isBlank()) {
            return 0;
        }
        var m = WAIT.matcher(wait.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) > maxWaitS) {
            throw ProblemException.badRequest("wait", "« wait » va de 0 à " + maxWaitS + " secondes (ex. 25s).");
        }
        return Integer.parseInt(m.group(1)) * 1000L;
    }

    private static String clip(String s) {
        return s == null ? null : s.length() > 100 ? s.substring(0, 100) : s;
    }

    private StaffUser agent() {
        StaffUser u = staff.user();
        if (u.teamId() == null) {
            throw new ProblemException(403, "Accès refusé", "Votre compte n'est rattaché à aucune équipe.", null);
        }
        return u;
    }
}
