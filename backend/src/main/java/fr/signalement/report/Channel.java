package fr.signalement.report;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** How a report reached the commune: one queue for every channel. */
public enum Channel {
    PWA("pwa"), PHONE("phone"), COUNTER("counter"), EMAIL("email"), MAIL("mail"), OPEN311("open311"),
    /** Seen by a field agent on their round ("new problem here" in the agents' app). */
    FIELD("field");

    /** Reports a staff member types in: for someone who called, came by or wrote, or seen on a round. */
    public static final Set<Channel> STAFF = EnumSet.of(PHONE, COUNTER, EMAIL, MAIL, FIELD);

    public final String code;

    Channel(String code) {
        this.code = code;
    }

    public static Optional<Channel> of(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
