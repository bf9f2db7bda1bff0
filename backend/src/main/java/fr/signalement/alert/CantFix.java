package fr.signalement.alert;

import java.util.Arrays;
import java.util.List;

/**
 * Why an agent cannot fix an alert, from the field. Some reasons send it back to the dispatcher
 * (someone else must decide: another team, nothing to find, no way in); the others leave it with the
 * team, waiting (assigned, no longer in progress) until the material or the contractor comes.
 */
public enum CantFix {
    OTHER_TEAM("Relève d'une autre équipe", true),
    MATERIAL("En attente de matériel", false),
    CONTRACTOR("Nécessite une entreprise extérieure", false),
    ACCESS("Accès impossible", true),
    NOT_FOUND("Problème introuvable sur place", true);

    public final String label;
    /** Back to the dispatcher (qualified, no agent) rather than waiting with the team. */
    public final boolean returnsToDispatch;

    CantFix(String label, boolean returnsToDispatch) {
        this.label = label;
        this.returnsToDispatch = returnsToDispatch;
    }

    /** As served to the app ({@code GET /api/v1/field/settings}). */
    public record CantFixReason(String code, String label, boolean returnsToDispatch) {
    }

    public static List<CantFixReason> views() {
        return Arrays.stream(values()).map(r -> new CantFixReason(r.name(), r.label, r.returnsToDispatch)).toList();
    }

    public static CantFix parse(String code) {
        return Arrays.stream(values()).filter(r -> r.name().equals(code)).findFirst().orElse(null);
    }
}
