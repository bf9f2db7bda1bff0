package fr.signalement.agent.ui;

import android.content.Context;

import fr.signalement.agent.R;
import fr.signalement.agent.core.Intervention;

/** Marker / strip colour by due status (green on time, orange due soon, red overdue, grey resolved). */
public final class DueColors {
    private DueColors() { }

    public static int colorRes(Intervention i) {
        if (i.isResolved()) return R.color.resolved;
        switch (i.dueStatus()) {
            case "OVERDUE": return R.color.due_overdue;
            case "DUE_SOON": return R.color.due_soon;
            default: return R.color.due_on_time;
        }
    }

    public static int color(Context c, Intervention i) {
        return c.getColor(colorRes(i));
    }
}
