package fr.signalement.agent.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;

import org.json.JSONObject;
import org.junit.Test;

/** Plain JVM: what the agent sees before the server acknowledged their actions. */
public class OptimisticTest {
    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    private static PendingAction a(ActionType t, String json) throws Exception {
        return new PendingAction("id-" + t, 1, t, 3, new JSONObject(json), t == ActionType.PHOTO ? "after:x" : null, AT);
    }

    @Test
    public void queuedActionsAreAppliedToACopy() throws Exception {
        Intervention cached = Intervention.parse("{\"id\":1,\"version\":3,\"status\":\"ASSIGNED\",\"statusLabel\":\"Assignée\","
                + "\"work\":{\"notes\":[],\"minutesSpent\":10}}");
        Intervention v = Optimistic.apply(cached, List.of(
                a(ActionType.START, "{}"),
                a(ActionType.NOTE, "{\"text\":\"sur place\"}"),
                a(ActionType.TIME_SPENT, "{\"minutes\":20}"),
                a(ActionType.MEASUREMENT, "{\"label\":\"surface\",\"value\":2.5,\"unit\":\"m²\"}"),
                a(ActionType.MATERIAL, "{\"label\":\"sac\",\"quantity\":2,\"unit\":\"u\"}"),
                a(ActionType.PHOTO, "{}")));
        assertEquals("IN_PROGRESS", v.status());
        assertEquals("En cours", v.statusLabel());
        assertEquals("sur place", v.work().getJSONArray("notes").getJSONObject(0).getString("text"));
        assertEquals(30, v.work().getInt("minutesSpent"));
        assertEquals(1, v.work().getJSONArray("measurements").length());
        assertEquals(1, v.work().getJSONArray("materials").length());
        assertEquals("local:after:x", v.photos().get(0).url());
        assertTrue(v.photos().get(0).isAfter());
        assertEquals("ASSIGNED", cached.status()); // the cache itself is untouched
    }

    @Test
    public void conflictingActionsAreNotShownAsDone() throws Exception {
        Intervention cached = Intervention.parse("{\"id\":1,\"version\":3,\"status\":\"ASSIGNED\"}");
        PendingAction resolve = a(ActionType.RESOLVE, "{}");
        resolve.state = PendingAction.State.CONFLICT;
        assertEquals("ASSIGNED", Optimistic.apply(cached, List.of(resolve)).status());
        assertSame(cached, Optimistic.apply(cached, List.of()));
    }

    @Test
    public void requestBodyCarriesIdVersionAndType() throws Exception {
        JSONObject body = a(ActionType.NOTE, "{\"text\":\"x\"}").requestBody();
        assertEquals("id-NOTE", body.getString("clientActionId"));
        assertEquals(3, body.getLong("baseVersion"));
        assertEquals("NOTE", body.getString("type"));
        assertEquals("x", body.getString("text"));
    }

    @Test
    public void distances() {
        assertEquals(0, Geo.distanceMeters(48.8566, 2.3522, 48.8566, 2.3522), 1e-9);
        assertEquals(111.2, Geo.distanceMeters(48.8566, 2.3522, 48.8576, 2.3522), 0.5); // 0.001° of latitude
        assertEquals(343_500, Geo.distanceMeters(48.8566, 2.3522, 51.5074, -0.1278), 1500); // Paris–London
    }

    @Test
    public void sessionSurvivesSerialisation() throws Exception {
        Session s = Session.fromLoginResponse(new JSONObject("{\"accessToken\":\"a\",\"refreshToken\":\"r\",\"expiresIn\":300,"
                + "\"user\":{\"id\":5,\"username\":\"agent\",\"displayName\":\"Marie\",\"roles\":[\"AGENT\"],\"teamId\":2}}"), AT);
        Session back = Session.fromJsonString(s.toJsonString());
        assertEquals("a", back.accessToken);
        assertEquals("r", back.refreshToken);
        assertEquals(AT.plusSeconds(300), back.accessExpiresAt);
        assertEquals(List.of("AGENT"), back.roles());
        assertEquals(Long.valueOf(2), back.teamId());
        assertTrue(back.accessTokenValidAt(AT.plusSeconds(200)));
        assertTrue(!back.accessTokenValidAt(AT.plusSeconds(290)));
    }
}
