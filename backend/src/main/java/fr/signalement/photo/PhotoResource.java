package fr.signalement.photo;

import fr.signalement.common.ProblemException;
import fr.signalement.staff.CurrentStaff;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.UUID;

/**
 * A stored photo, by its random key. Anyone sees a published photo; an unpublished one needs a
 * signed address ({@link PhotoLinks}, minted for staff pages and for the reporter's own photos) or
 * a signed-in, active staff member's token (the agents' app). Otherwise it does not exist.
 */
@Path("/api/v1/photos/{key}")
public class PhotoResource {
    @Inject
    PhotoStore store;
    @Inject
    PhotoLinks links;
    @Inject
    CurrentStaff staff;
    @Inject
    PhotoConfig config;

    @GET
    @Transactional
    @Operation(summary = "A photo (JPEG): published, or through a signed address, or for staff")
    public Response photo(@PathParam("key") String key, @QueryParam("until") String until, @QueryParam("sig") String sig,
                          @QueryParam("original") String original) {
        return serve(key, until, sig, original, false);
    }

    @GET
    @Path("/thumbnail")
    @Transactional
    @Operation(summary = "A photo's thumbnail, on the same terms as the photo")
    public Response thumbnail(@PathParam("key") String key, @QueryParam("until") String until, @QueryParam("sig") String sig,
                              @QueryParam("original") String original) {
        return serve(key, until, sig, original, true);
    }

    private Response serve(String key, String until, String sig, String original, boolean thumbnail) {
        Photo photo = parse(key).flatMap(Photo::byKey).orElseThrow(() -> missing(key));
        boolean open = photo.published();
        // The original (faces and plates as taken) only for staff: a staff page's "original" address, or a staff token.
        boolean staffOnly = "true".equals(original) && links.valid(photo.publicKey, number(until), sig, true) || activeStaff();
        if (!open && !staffOnly && !links.valid(photo.publicKey, number(until), sig, false)) {
            // Indistinguishable from a photo that does not exist: a key reveals nothing.
            throw missing(key);
        }
        // Staff read the original; everyone else the anonymised version, once it exists.
        String storageKey = staffOnly ? photo.storageKey : photo.publicStorageKey;
        if (storageKey == null) {
            // Still being anonymised (seconds): a placeholder, never cached, the real one follows.
            return Response.ok(Placeholder.jpeg(), "image/jpeg").cacheControl(CacheControl.valueOf("no-store"))
                    .header("X-Photo-State", "anonymising").build();
        }
        java.util.Optional<java.net.URI> direct = store.link(storageKey, thumbnail, config.presignedFor());
        if (direct.isPresent()) {
            // The bucket serves the bytes; the address expires, so the browser keeps it only briefly.
            CacheControl brief = new CacheControl();
            brief.setPrivate(true);
            brief.setMaxAge(60);
            return Response.seeOther(direct.get()).cacheControl(brief).build();
        }
        CacheControl cc = new CacheControl();
        // Short: a photo can be unpublished or purged; private ones must stay out of shared caches.
        cc.setMaxAge(3600);
        cc.setPrivate(!open || staffOnly);
        return Response.ok(store.read(storageKey, thumbnail), "image/jpeg").cacheControl(cc).build();
    }

    /** A signed-in staff member whose account is still active (a disabled account's token shows nothing). */
    private boolean activeStaff() {
        try {
            return staff.signedIn() && staff.user().active;
        } catch (ProblemException e) {
            return false;
        }
    }

    private static java.util.Optional<UUID> parse(String key) {
        try {
            return java.util.Optional.of(UUID.fromString(key));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static Long number(String s) {
        try {
            return s == null ? null : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ProblemException missing(String key) {
        return ProblemException.notFound("Aucune photo « " + key + " » accessible.");
    }
}
