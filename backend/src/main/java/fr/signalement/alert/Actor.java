package fr.signalement.alert;

import fr.signalement.staff.CurrentStaff;
import fr.signalement.staff.StaffUser;

/** Who acts on an alert: a staff member (traceable by id), or a reporter / the system. */
public record Actor(Long id, String name) {
    public static final Actor CITIZEN = new Actor(null, "citizen");
    public static final Actor SYSTEM = new Actor(null, "system");

    public static Actor of(CurrentStaff staff) {
        return new Actor(staff.id(), staff.user().username);
    }

    public static Actor of(StaffUser user) {
        return new Actor(user.id, user.username);
    }
}
