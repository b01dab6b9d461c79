package org.givingstream.donation.webhook.stripe;

import org.givingstream.donation.webhook.WebhookAnswer;
import org.givingstream.donation.webhook.WebhookIntake;
import org.givingstream.donation.webhook.WebhookJson;
import org.givingstream.donation.webhook.WebhookMetrics;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/stripe}. The signature is checked on the raw bytes before anything is parsed; a 200 is
 * sent only once the event is durable (in the intake log, or in MongoDB when Kafka is away: see
 * {@link WebhookIntake}), so Stripe's retries stop only when nothing can be lost.
 */
@RestController
class StripeWebhookController {

    private static final String PROVIDER = StripeSignatureVerifier.PROVIDER;

    private final StripeSignatureVerifier verifier;
    private final WebhookIntake intake;
    private final JsonMapper json;
    private final WebhookMetrics metrics;

    StripeWebhookController(
            StripeSignatureVerifier verifier, WebhookIntake intake, JsonMapper json, WebhookMetrics metrics) {
        this.verifier = verifier;
        this.intake = intake;
        this.json = json;
        this.metrics = metrics;
    }

    @PostMapping("/webhooks/stripe")
    ResponseEntity<byte[]> receive(
            @RequestHeader(name = "Stripe-Signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        metrics.received(PROVIDER);
        byte[] payload = body == null ? new byte[0] : body;
        verifier.verify(signature, payload);
        JsonNode event = WebhookJson.parseObject(json, PROVIDER, payload);
        String type = event.path("type").asString("unknown");
        var entry = StripeEventTranslator.translate(event);
        if (entry.isEmpty()) {
            intake.ignored(PROVIDER, type, "moves no money");
            return WebhookAnswer.ok("ignored");
        }
        String eventId = event.path("id").asString("unknown");
        return WebhookAnswer.ok(intake.record(PROVIDER, type, eventId, entry.get()));
    }
}
