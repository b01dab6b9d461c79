package org.givingstream.donation.webhook.paypal;

import java.time.Clock;
import org.givingstream.donation.webhook.WebhookAnswer;
import org.givingstream.donation.webhook.WebhookIntake;
import org.givingstream.donation.webhook.WebhookJson;
import org.givingstream.donation.webhook.WebhookMetrics;
import org.givingstream.donation.webhook.WebhookUnavailableException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/paypal}. The signature is checked on the raw bytes before anything is parsed; a 200 is sent
 * only once the entry is durable (intake log, or MongoDB when Kafka is away), so PayPal's retries (any non-2xx, for
 * up to three days) stop only when nothing can be lost. Redeliveries are harmless: the ledger is keyed by capture and
 * refund ids; a transmission id that comes again with another body is refused as a replay.
 */
@RestController
class PayPalWebhookController {

    private static final String PROVIDER = PayPalSignatureVerifier.PROVIDER;

    private final PayPalProperties properties;
    private final PayPalSignatureVerifier verifier;
    private final WebhookIntake intake;
    private final JsonMapper json;
    private final WebhookMetrics metrics;
    private final Clock clock;

    PayPalWebhookController(
            PayPalProperties properties,
            PayPalSignatureVerifier verifier,
            WebhookIntake intake,
            JsonMapper json,
            WebhookMetrics metrics,
            Clock clock) {
        this.properties = properties;
        this.verifier = verifier;
        this.intake = intake;
        this.json = json;
        this.metrics = metrics;
        this.clock = clock;
    }

    @PostMapping("/webhooks/paypal")
    ResponseEntity<byte[]> receive(
            @RequestHeader(name = "PAYPAL-TRANSMISSION-ID", required = false) String transmissionId,
            @RequestHeader(name = "PAYPAL-TRANSMISSION-TIME", required = false) String transmissionTime,
            @RequestHeader(name = "PAYPAL-TRANSMISSION-SIG", required = false) String signature,
            @RequestHeader(name = "PAYPAL-CERT-URL", required = false) String certUrl,
            @RequestHeader(name = "PAYPAL-AUTH-ALGO", required = false) String authAlgo,
            @RequestBody(required = false) byte[] body) {
        metrics.received(PROVIDER);
        if (!properties.configured()) {
            throw new WebhookUnavailableException(PROVIDER, "not-configured", "PayPal webhooks are not configured");
        }
        byte[] payload = body == null ? new byte[0] : body;
        verifier.verify(
                new PayPalTransmission(transmissionId, transmissionTime, signature, certUrl, authAlgo), payload);
        JsonNode event = WebhookJson.parseObject(json, PROVIDER, payload);
        String type = event.path("event_type").asString("unknown");
        var entry = PayPalEventTranslator.translate(event, clock.instant());
        if (entry.isEmpty()) {
            intake.ignored(PROVIDER, PayPalEventTranslator.ignoredReason(type), "moves no money");
            return WebhookAnswer.ok("ignored");
        }
        String eventId = event.path("id").asString("unknown");
        return WebhookAnswer.ok(intake.record(PROVIDER, type, eventId, entry.get()));
    }
}
