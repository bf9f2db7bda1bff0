package fr.signalement.field;

import fr.signalement.alert.AlertViews;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * An alert as a field agent sees it on the tablet. {@code commune}: the commune it is in, since one
 * deployment may serve several (an EPCI's team works in all its communes).
 */
public record Intervention(long id, long version, String status, String statusLabel, Category category, double lat,
                           double lon, String address, String quartier, AlertViews.CommuneRef commune,
                           String description, int reportCount,
                           Instant dueAt, String dueStatus, Long teamId, Long agentId, List<Photo> photos,
                           List<Step> timeline, AlertViews.Work work) {
    public record Category(String code, String label) {
    }

    public record Photo(long id, String kind, String url, String thumbnailUrl) {
    }

    @Schema(name = "InterventionStep")
    public record Step(Instant at, String actor, String from, String to, String note) {
    }
}
