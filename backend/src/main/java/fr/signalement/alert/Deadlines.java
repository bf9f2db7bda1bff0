package fr.signalement.alert;

import fr.signalement.catalog.Category;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/** When the commune promised to have dealt with a problem reported at a given time. */
@ApplicationScoped
public class Deadlines {
    public Instant dueAt(Category category, Instant receivedAt) {
        return receivedAt.plus(Duration.ofHours(category.deadlineHours));
    }
}
