package fr.signalement.alert;

/** Why an alert was rejected, in the words reporters read. */
public enum RejectReason {
    NOT_COMPETENT("Ne relève pas de la compétence de la commune"),
    NOT_A_PROBLEM("Aucune anomalie constatée"),
    DUPLICATE("Doublon d'un signalement déjà traité"),
    CANNOT_ACT("Intervention impossible");

    public final String label;

    RejectReason(String label) {
        this.label = label;
    }
}
