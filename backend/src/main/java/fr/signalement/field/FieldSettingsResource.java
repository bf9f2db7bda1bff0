package fr.signalement.field;

import fr.signalement.alert.CantFix;
import fr.signalement.alert.FieldWork;
import fr.signalement.staff.CurrentStaff;
import fr.signalement.staff.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The rules the agents' app must follow for the server to accept its actions, served so that the
 * commune changes them in one place (application.properties) and not on every tablet.
 */
@Path("/api/v1/field/settings")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.AGENT)
public class FieldSettingsResource {
    @Inject
    FieldWork work;
    @Inject
    FieldMap map;
    @Inject
    FieldArea area;
    @Inject
    CurrentStaff staff;

    /**
     * What the app caches at each sync and applies offline; {@code sector}: the box its map opens on
     * and keeps offline (the agent's team's sectors, see {@link FieldArea}).
     */
    public record FieldSettings(FieldWork.ProofRules proof, List<CantFix.CantFixReason> cantFixReasons, FieldMap.TileSource map,
                                @Schema(nullable = true, description = "null when no commune pack is loaded")
                                FieldArea.SectorArea sector) {
    }

    @GET
    public FieldSettings get() {
        return new FieldSettings(work.proofRules(), CantFix.views(), map.view(), area.of(staff.user().teamId()));
    }
}
