package fr.signalement.photo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** The one {@link PhotoStore} everything uses, as configured by {@code signalement.photos.store}. */
@ApplicationScoped
public class PhotoStores {
    @Inject
    PhotoConfig config;
    @Inject
    Instance<FilePhotoStore> files;
    @Inject
    Instance<S3PhotoStore> s3;

    @Produces
    @ApplicationScoped
    PhotoStore store() {
        return switch (config.store()) {
            case FILESYSTEM -> files.get();
            case S3 -> s3.get();
        };
    }
}
