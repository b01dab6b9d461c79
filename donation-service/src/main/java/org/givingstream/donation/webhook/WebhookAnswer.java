package org.givingstream.donation.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The 200 answer to a webhook, {@code {"status":"accepted"}}, as bytes made once per status: the answer is the same
 * for every delivery, and serialising a map per request was a measurable part of the intake's CPU.
 */
public final class WebhookAnswer {

    private static final Map<String, byte[]> BODIES = new ConcurrentHashMap<>();

    private WebhookAnswer() {}

    /** @param status one of a handful of fixed words ({@code accepted}, {@code stored}, {@code ignored}, ...) */
    public static ResponseEntity<byte[]> ok(String status) {
        byte[] body =
                BODIES.computeIfAbsent(status, s -> ("{\"status\":\"" + s + "\"}").getBytes(StandardCharsets.UTF_8));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
