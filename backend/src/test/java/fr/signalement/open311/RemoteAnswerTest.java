package fr.signalement.open311;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which answers of another organisation are an outage (asked again) and which a refusal (said at once). */
class RemoteAnswerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static RuntimeException answer(int status, String body, String retryAfter) {
        return assertThrows(RuntimeException.class, () -> RemoteAnswer.read(status, body, retryAfter, JSON, NOW));
    }

    @Test
    void aRequestTheRemoteRefusesIsRefusedInItsOwnWords() {
        var e = (RemoteAnswer.Refused) answer(400, "[{\"code\":400,\"description\":\"service_code not found\"}]", null);
        assertEquals("service_code not found", e.getMessage());
        assertEquals("HTTP 400 : service_code not found", e.detail());
        for (int status : new int[]{404, 405, 409, 413, 422}) {
            assertTrue(answer(status, "[{\"code\":" + status + ",\"description\":\"non\"}]", null) instanceof RemoteAnswer.Refused);
        }
        // Without the spec's error form (a proxy's page): still a refusal, the page kept for staff, not shown to reporters.
        var page = (RemoteAnswer.Refused) answer(404, "<html>Not Found</html>", null);
        assertEquals("HTTP 404 sans description", page.getMessage());
        assertEquals("HTTP 404 : HTTP 404 sans description — <html>Not Found</html>", page.detail());
    }

    @Test
    void aRefusedKeyIsNamed() {
        assertEquals("clé d'API refusée (api_key invalide ou révoquée.)",
                answer(403, "[{\"code\":403,\"description\":\"api_key invalide ou révoquée.\"}]", null).getMessage());
        assertEquals("clé d'API refusée (HTTP 401 sans description)", answer(401, "", null).getMessage());
    }

    @Test
    void anOutageIsDown() {
        for (int status : new int[]{500, 502, 503, 504, 429, 408, 301}) {
            assertTrue(answer(status, "[{\"code\":" + status + ",\"description\":\"plus tard\"}]", null) instanceof RemoteAnswer.Down,
                    String.valueOf(status));
        }
        assertEquals("HTTP 502, réponse illisible : <html>Bad Gateway</html>",
                answer(502, "<html>Bad Gateway</html>", null).getMessage());
        assertTrue(answer(200, "<html>portail captif</html>", null) instanceof RemoteAnswer.Down);
    }

    @Test
    void retryAfterIsReadOn429And503() {
        assertEquals(Duration.ofSeconds(120), RemoteAnswer.wait(503, "120", NOW));
        assertEquals(Duration.ofSeconds(90), RemoteAnswer.wait(429, "Tue, 01 Dec 2026 10:01:30 GMT", NOW));
        assertEquals(Duration.ZERO, RemoteAnswer.wait(429, "Tue, 01 Dec 2026 09:00:00 GMT", NOW));
        assertNull(RemoteAnswer.wait(503, "bientôt", NOW));
        assertNull(RemoteAnswer.wait(503, null, NOW));
        assertNull(RemoteAnswer.wait(500, "120", NOW));
        assertEquals(Duration.ofSeconds(7), ((RemoteAnswer.Down) answer(429, "[]", " 7 ")).retryAfter());
    }

    @Test
    void anAnswerIsRead() {
        assertEquals("SIG-1", RemoteAnswer.read(201, "[{\"service_request_id\":\"SIG-1\"}]", null, JSON, NOW)
                .path(0).path("service_request_id").asText());
        // 202 Accepted with a token: the request is taken (a deferred creation), not to be POSTed again.
        assertEquals("tok", RemoteAnswer.read(202, "[{\"token\":\"tok\"}]", null, JSON, NOW).path(0).path("token").asText());
    }
}
