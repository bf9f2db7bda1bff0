package fr.signalement.photo;

/** The statements of the anonymisation queue ({@link PhotoAnonymisation}). */
final class AnonymisationSql {
    private AnonymisationSql() {
    }

    /** The oldest waiting photo no other worker holds; the row stays locked until the work commits. */
    static final String CLAIM = """
            SELECT a.photo_id, a.manual, p.storage_key, p.public_storage_key, p.blur_boxes::text AS boxes
              FROM photo_anonymisation a JOIN photo p ON p.id = a.photo_id
             WHERE a.attempts < """ + PhotoAnonymisation.MAX_ATTEMPTS + """

             ORDER BY a.queued_at, a.photo_id
             LIMIT 1
               FOR UPDATE OF a SKIP LOCKED""";

    static final String DONE = """
            UPDATE photo SET public_storage_key = :key, blur_boxes = CAST(:boxes AS jsonb), anonymised_at = :at
             WHERE id = :photo""";

    static final String DEQUEUE = "DELETE FROM photo_anonymisation WHERE photo_id = :photo";

    /** A failed attempt goes to the back of the queue (a file purged meanwhile, an unreadable photo). */
    static final String RETRY_LATER = """
            UPDATE photo_anonymisation SET attempts = attempts + 1, queued_at = now() WHERE photo_id = :photo""";

    /** Staff's boxes replace the detected ones; the public version is made again from them. */
    static final String SET_BOXES = "UPDATE photo SET blur_boxes = CAST(:boxes AS jsonb) WHERE id = :photo";

    static final String REQUEUE_MANUAL = """
            INSERT INTO photo_anonymisation (photo_id, manual) VALUES (:photo, true)
            ON CONFLICT (photo_id) DO UPDATE SET manual = true, queued_at = now(), attempts = 0""";

    static final String BOXES = "SELECT blur_boxes::text FROM photo WHERE id = :photo";

    static final String WAITING = "SELECT count(*) FROM photo_anonymisation";
}
