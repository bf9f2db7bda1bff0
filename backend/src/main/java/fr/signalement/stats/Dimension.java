package fr.signalement.stats;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a dashboard table is broken down. Each dimension names the SQL expression of its key on
 * {@code alert a} (and on {@code report r} for report counts), and how the key gets its French label.
 */
public enum Dimension {
    CATEGORY("category", "Catégorie", "a.category_id::text", "a.category_id::text",
            "(SELECT label FROM category WHERE id = k::bigint)"),
    SERVICE("service", "Service", "a.service_id::text", "a.service_id::text",
            "(SELECT name FROM service WHERE id = k::bigint)"),
    QUARTIER("quartier", "Quartier", "coalesce(a.quartier_code, '')", "coalesce(a.quartier_code, '')",
            "coalesce((SELECT name FROM quartier WHERE code = k), 'Hors quartier')"),
    CHANNEL("channel", "Canal", "coalesce(a.channel, '')", "r.channel",
            "CASE k WHEN 'pwa' THEN 'Application' WHEN 'phone' THEN 'Téléphone' WHEN 'counter' THEN 'Accueil'"
                    + " WHEN 'email' THEN 'Courriel' WHEN 'mail' THEN 'Courrier' WHEN 'open311' THEN 'Open311'"
                    + " ELSE 'Inconnu' END"),
    /** Monday of the week (Europe/Paris) the alert's first report arrived. */
    WEEK("week", "Semaine", "to_char(date_trunc('week', a.first_report_at AT TIME ZONE 'Europe/Paris'), 'YYYY-MM-DD')",
            "to_char(date_trunc('week', r.received_at AT TIME ZONE 'Europe/Paris'), 'YYYY-MM-DD')",
            "k");

    public final String code;
    public final String title;
    /** Key of an alert, an SQL expression over {@code alert a}. */
    final String alertKey;
    /** Key of a report, over {@code report r} joined to its alert {@code a}. */
    final String reportKey;
    /** Label of key {@code k}. */
    final String label;

    Dimension(String code, String title, String alertKey, String reportKey, String label) {
        this.code = code;
        this.title = title;
        this.alertKey = alertKey;
        this.reportKey = reportKey;
        this.label = label;
    }

    public static Optional<Dimension> of(String code) {
        return Arrays.stream(values()).filter(d -> d.code.equalsIgnoreCase(code)).findFirst();
    }
}
