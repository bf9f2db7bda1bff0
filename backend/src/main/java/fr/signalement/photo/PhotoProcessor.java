package fr.signalement.photo;

import fr.signalement.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns an uploaded photo into what we store: the type and size are read from the header (never
 * trusted from the client) and checked before any pixel is decoded, then {@link Pixels} decodes it
 * reduced, turns it upright and re-encodes it, on a photo worker ({@link DecodeSlots}). Re-encoding
 * from pixels is what drops every metadata block (GPS, camera serial).
 */
@ApplicationScoped
public class PhotoProcessor {
    public static final String ACCEPTED = "JPEG, PNG ou WebP";

    @Inject
    PhotoConfig config;
    @Inject
    DecodeSlots slots;

    public ProcessedPhoto process(byte[] data, String field) {
        if (data.length > config.maxBytes()) {
            throw tooLarge(field);
        }
        if (ImageHeader.sniff(data) == null) {
            throw new ProblemException(415, "Type de photo non accepté",
                    "La photo doit être au format " + ACCEPTED + ".", field).with("accepted", new String[]{"image/jpeg", "image/png", "image/webp"});
        }
        ImageHeader header = ImageHeader.read(data);
        if (header == null) {
            throw unreadable(field);
        }
        if (header.pixels() > config.maxPixels()) {
            throw new ProblemException(413, "Photo trop grande", "La photo fait " + header.width() + " × " + header.height()
                    + " pixels ; au plus " + config.maxPixels() / 1_000_000 + " millions de pixels sont acceptés.", field)
                    .with("maxPixels", config.maxPixels());
        }
        ProcessedPhoto photo = slots.run(field,
                () -> Pixels.process(data, header, config.maxEdgePx(), config.thumbnailEdgePx()));
        if (photo == null) {
            throw unreadable(field);
        }
        return photo;
    }

    public ProblemException tooLarge(String field) {
        return new ProblemException(413, "Photo trop volumineuse",
                "Chaque photo doit peser au plus " + (config.maxBytes() / (1024 * 1024)) + " Mo.", field);
    }

    private static ProblemException unreadable(String field) {
        return new ProblemException(415, "Photo illisible",
                "La photo n'a pas pu être lue ; formats acceptés : " + ACCEPTED + ".", field);
    }
}
