package fr.signalement.open311;

/** A refusal answered in the GeoReport v2 error form: {@code <errors><error><code/><description/>…}. */
public class Open311Exception extends RuntimeException {
    private final int status;

    public Open311Exception(int status, String description) {
        super(description);
        this.status = status;
    }

    public static Open311Exception missing(String parameter) {
        return new Open311Exception(400, "Paramètre obligatoire manquant : " + parameter + ".");
    }

    public static Open311Exception invalid(String parameter, String why) {
        return new Open311Exception(400, "Paramètre " + parameter + " invalide : " + why);
    }

    public static Open311Exception notFound(String description) {
        return new Open311Exception(404, description);
    }

    public int status() {
        return status;
    }
}
