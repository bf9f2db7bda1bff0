package fr.signalement.agent.core;

/** Field actions; all but PHOTO go to {@code POST /interventions/{id}/actions}, PHOTO to {@code /photos}. */
public enum ActionType {
    START, NOTE, MEASUREMENT, TIME_SPENT, MATERIAL, RESOLVE, PHOTO, CANT_FIX,
    /** "New problem here": {@code POST /api/v1/reports} (channel field), the action id as Idempotency-Key. */
    NEW_REPORT
}
