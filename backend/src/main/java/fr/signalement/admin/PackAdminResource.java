package fr.signalement.admin;

import fr.signalement.audit.AuditLog;
import fr.signalement.geo.Communes;
import fr.signalement.geo.PackLoader;
import fr.signalement.staff.CurrentStaff;
import fr.signalement.staff.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * An administrator loads or updates a commune's pack in the running installation
 * ({@code scripts/pack.sh load geo-data/<pack>} calls this). The pack is named, never given as a
 * path: it is read from the installation's own pack folder ({@code signalement.packs.dir}), so the
 * files a deployment serves are the ones its operator put on its disk, and nothing is uploaded
 * through the API. Loading is idempotent: a part whose files did not change is left as it is.
 */
@Path("/api/v1/admin/packs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN)
public class PackAdminResource {
    @Inject
    PackLoader loader;
    @Inject
    Communes communes;
    @Inject
    AuditLog audit;
    @Inject
    CurrentStaff staff;

    /** The served communes, with their territory (pack). */
    @GET
    @Transactional
    public List<Communes.Commune> served() {
        return communes.served();
    }

    @POST
    @Path("/{name}")
    public PackLoader.Summary load(@PathParam("name") String name) {
        PackLoader.Summary s = loader.load(name);
        QuarkusTransaction.requiringNew().run(() -> audit.record(staff.id(), staff.user().username, "pack.load",
                "pack:" + name, null, s));
        return s;
    }
}
