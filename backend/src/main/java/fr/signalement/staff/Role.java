package fr.signalement.staff;

/** What a staff member may do. Names are the JWT "groups" values. */
public final class Role {
    /** Field agent, member of a team of a service. */
    public static final String AGENT = "AGENT";
    /** Triages the alerts of one or more services. */
    public static final String DISPATCHER = "DISPATCHER";
    /** Mayor's office: reads everything aggregated, no reporter personal data. */
    public static final String SUPERVISOR = "SUPERVISOR";
    /** Manages categories, services, teams and users. */
    public static final String ADMIN = "ADMIN";

    public static final java.util.Set<String> ALL = java.util.Set.of(AGENT, DISPATCHER, SUPERVISOR, ADMIN);

    private Role() {
    }
}
