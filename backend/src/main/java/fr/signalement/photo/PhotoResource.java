package fr.signalement.photo;

import fr.signalement.common.ProblemException;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import java.nio.file.Files;

/** Stored photos are EXIF-free pictures of public space; they never change once written. */
@Path("/api/v1/photos/{id}")
public class PhotoResource {
    @Inject
    PhotoStore store;

    @GET
    @Transactional
    public Response photo(@PathParam("id") long id) {
        return serve(id, false);
    }

    @GET
    @Path("/thumbnail")
    @Transactional
    public Response thumbnail(@PathParam("id") long id) {
        return serve(id, true);
    }

    private Response serve(long id, boolean thumbnail) {
        Photo photo = Photo.findById(id);
        if (photo == null) {
            throw ProblemException.notFound("Aucune photo n° " + id + ".");
        }
        java.nio.file.Path file = store.file(photo.storageKey, thumbnail);
        if (!Files.isRegularFile(file)) {
            throw ProblemException.notFound("Le fichier de la photo n° " + id + " est introuvable.");
        }
        CacheControl cc = new CacheControl();
        cc.setMaxAge(31_536_000);
        return Response.ok(file.toFile(), "image/jpeg").cacheControl(cc).build();
    }
}
