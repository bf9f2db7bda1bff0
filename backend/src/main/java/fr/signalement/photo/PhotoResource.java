package fr.signalement.photo;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

/** Stored photos are EXIF-free pictures of public space; they never change once written. */
@Path("/api/v1/photos/{id}")
public class PhotoResource {
    @Inject
    PhotoStore store;

    @GET
    public Response photo(@PathParam("id") long id) {
        return serve(id, false);
    }

    @GET
    @Path("/thumbnail")
    public Response thumbnail(@PathParam("id") long id) {
        return serve(id, true);
    }

    private Response serve(long id, boolean thumbnail) {
        CacheControl cc = new CacheControl();
        cc.setMaxAge(31_536_000);
        return Response.ok(store.stored(id, thumbnail).toFile(), "image/jpeg").cacheControl(cc).build();
    }
}
