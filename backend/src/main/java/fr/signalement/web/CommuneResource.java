package fr.signalement.web;

import fr.signalement.geo.CommuneConfig;
import fr.signalement.geo.Geography;
import fr.signalement.notify.PushClientConfig;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Settings the front ends need at start-up: the commune's name, colours and logo, the map's centre
 * and extent, the retention and reopening periods they tell citizens about, and web push.
 */
@Path("/api/v1/config")
@Produces(MediaType.APPLICATION_JSON)
public class CommuneResource {
    @Inject
    CommuneConfig commune;
    @Inject
    Geography geography;
    @ConfigProperty(name = "signalement.retention.contact-days", defaultValue = "90")
    int retentionDays;
    @ConfigProperty(name = "signalement.reopen.days", defaultValue = "7")
    int reopenDays;
    @Inject
    PushClientConfig push;

    public record Center(double lat, double lon) {
    }

    public record Config(String communeName, String inseeCode, String primaryColor, String accentColor, String logoUrl,
                         int retentionDays, int reopenDays, Center center, double[] bbox, Object push) {
    }

    @GET
    @Transactional
    public Config config() {
        Geography.Extent e = geography.communeExtent();
        return new Config(commune.name(), commune.inseeCode(), commune.primaryColor(), commune.accentColor(),
                commune.logoUrl(), retentionDays, reopenDays, new Center(e.centerLat(), e.centerLon()),
                new double[]{e.minLon(), e.minLat(), e.maxLon(), e.maxLat()}, push.forCitizenApp());
    }
}
