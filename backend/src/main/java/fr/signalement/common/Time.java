package fr.signalement.common;

import java.time.ZoneId;

/** The one time zone of the product: deadlines, "today", weeks of the statistics, dates in letters. */
public final class Time {
    /** Legal time of metropolitan France, where every commune served today lies. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private Time() {
    }
}
