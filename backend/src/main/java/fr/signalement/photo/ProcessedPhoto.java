package fr.signalement.photo;

/** A photo made safe to publish: upright, bounded in size, re-encoded as JPEG without metadata. */
public record ProcessedPhoto(byte[] jpeg, byte[] thumbnail, int width, int height) {
}
