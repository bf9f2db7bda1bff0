package fr.signalement.alert;

import fr.signalement.common.ProblemException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** Where an alert stands, with the French wording citizens and staff read. */
public enum AlertStatus {
    NEW("Nouveau"),
    QUALIFIED("Pris en compte"),
    ASSIGNED("Confié à une équipe"),
    IN_PROGRESS("Intervention en cours"),
    RESOLVED("Résolu"),
    CLOSED("Clôturé"),
    REJECTED("Rejeté"),
    FORWARDED("Transmis à un autre organisme");

    /** Alerts a new report at the same place can still join (in SQL: {@link AlertSql#OPEN}). */
    public static final Set<AlertStatus> OPEN = EnumSet.of(NEW, QUALIFIED, ASSIGNED, IN_PROGRESS);

    public final String label;

    AlertStatus(String label) {
        this.label = label;
    }

    public boolean isOpen() {
        return OPEN.contains(this);
    }

    /** A status named in a request (any case); an unknown one is refused (400) with the list. */
    public static AlertStatus parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status", "Statut inconnu « " + s + " » : "
                    + Arrays.stream(values()).map(Enum::name).toList() + ".");
        }
    }
}
