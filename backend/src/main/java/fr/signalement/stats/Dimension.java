package fr.signalement.stats;

import fr.signalement.common.Time;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a dashboard table is broken down. Each dimension names the SQL expression of its key on
 * {@code alert a} (and on {@code report r} for report counts), and how the key gets its French label.
 */
public enum Dimension {
    CATEGORY("category", "Catégorie", "a.category_id", "a.category_id",
            "(SELECT label FROM category WHERE id = k)"),
    SERVICE("service", "Service", "a.service_id", "a.service_id",
            "(SELECT name FROM service WHERE id = k)"),
    QUARTIER("quartier", "Quartier", "coalesce(a.quartier_code, '')", "coalesce(a.quartier_code, '')",
            "coalesce((SELECT name FROM quartier WHERE code = k), 'Hors quartier')"),
    /** The commune of the alert: an EPCI's office compares its communes. */
    COMMUNE("commune", "Commune", "coalesce(a.insee_code, '')", "coalesce(a.insee_code, '')",
            "coalesce((SELECT name FROM commune WHERE insee_code = k), 'Hors commune')"),
    CHANNEL("channel", "Canal", "coalesce(a.channel, '')", "r.channel",
            "CASE k WHEN 'pwa' THEN 'Application' WHEN 'phone' THEN 'Téléphone' WHEN 'counter' THEN 'Accueil'"
                    + " WHEN 'email' THEN 'Courriel' WHEN 'mail' THEN 'Courrier' WHEN 'open311' THEN 'Open311'"
                    + " ELSE 'Inconnu' END"),
    /**
     * Monday of the week (in the commune's time zone) the alert's first report arrived; for an alert,
     * stored with it (V27: {@code first_report_week}, the same expression as the report's key).
     */
    WEEK("week", "Semaine", "a.first_report_week",
            "date_trunc('week', r.received_at AT TIME ZONE '" + Time.ZONE.getId() + "')",
            "to_char(k, 'YYYY-MM-DD')");

    public final String code;
    public final String title;
    /** Key of an alert, an SQL expression over {@code alert a}. */
    final String alertKey;
    /** Key of a report, over {@code report r} joined to its alert {@code a}. */
    final String reportKey;
    /**
     * Label of key {@code k}. Keys are grouped on as they are (ids, timestamps) and turned into
     * text only for the few result rows.
     */
    final String label;

    Dimension(String code, String title, String alertKey, String reportKey, String label) {
        this.code = code;
        this.title = title;
        this.alertKey = alertKey;
        this.reportKey = reportKey;
        this.label = label;
    }

    /** Key {@code k} as the text clients see ("12", "7510101", "phone", "2026-01-05"). */
    String keyText() {
        return this == WEEK ? "to_char(k, 'YYYY-MM-DD')" : "k::text";
    }

    public static Optional<Dimension> of(String code) {
        return Arrays.stream(values()).filter(d -> d.code.equalsIgnoreCase(code)).findFirst();
    }
}
