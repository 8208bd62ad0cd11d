package io.emovox.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on the server's error contract, shared by the HTTP tests. */
final class HttpTest {
    private HttpTest() {}

    /**
     * The status, the JSON error code, a message worth reading, a request id equal to the
     * {@code X-Request-Id} header, and nothing of the server's internals.
     */
    static JsonNode assertJsonError(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                r.headers().toString());
        JsonNode err = ApiTest.JSON.readTree(r.body()).path("error");
        assertEquals(code, err.path("code").asText(), r.body());
        assertTrue(err.path("message").asText().length() > 10, r.body());
        String id = err.path("request_id").asText();
        assertTrue(id.length() >= 8, r.body());
        assertEquals(id, r.headers().firstValue("X-Request-Id").orElse(""), "the body's request id is the header's");
        assertFalse(r.body().contains("/tmp/") || r.body().contains("/home") || r.body().contains("Exception"),
                r.body());
        return err;
    }
}
