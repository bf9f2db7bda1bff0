package fr.signalement.agent.core;

/** Field actions; all but PHOTO go to {@code POST /interventions/{id}/actions}, PHOTO to {@code /photos}. */
public enum ActionType {
    START, NOTE, MEASUREMENT, TIME_SPENT, MATERIAL, RESOLVE, PHOTO
}
