package org.givingstream.donation.webhook.standard;

import org.givingstream.donation.webhook.WebhookAnswer;
import org.givingstream.donation.webhook.WebhookIntake;
import org.givingstream.donation.webhook.WebhookJson;
import org.givingstream.donation.webhook.WebhookMetrics;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/standard/{source}}: donations from any platform that signs as Standard Webhooks do (charity
 * pages, a JustGiving export bridge). The signature is checked on the raw bytes before anything is parsed; a 2xx is
 * sent only once the entry is durable (intake log, or MongoDB when Kafka is away), so the sender's retries
 * stop only when nothing can be lost.
 */
@RestController
class StandardWebhookController {

    private final StandardWebhookVerifier verifier;
    private final WebhookIntake intake;
    private final JsonMapper json;
    private final WebhookMetrics metrics;

    StandardWebhookController(
            StandardWebhookVerifier verifier, WebhookIntake intake, JsonMapper json, WebhookMetrics metrics) {
        this.verifier = verifier;
        this.intake = intake;
        this.json = json;
        this.metrics = metrics;
    }

    @PostMapping("/webhooks/standard/{source}")
    ResponseEntity<byte[]> receive(
            @PathVariable String source,
            @RequestHeader(name = "webhook-id", required = false) String id,
            @RequestHeader(name = "webhook-timestamp", required = false) String timestamp,
            @RequestHeader(name = "webhook-signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        metrics.received(verifier.provider(source));
        byte[] payload = body == null ? new byte[0] : body;
        StandardDelivery delivery = verifier.verify(source, id, timestamp, signature, payload);
        JsonNode message = WebhookJson.parseObject(json, delivery.provider(), payload);
        String type = message.path("type").asString("unknown");
        var entry = StandardEventTranslator.translate(message, delivery);
        if (entry.isEmpty()) {
            intake.ignored(delivery.provider(), type, "moves no money");
            return WebhookAnswer.ok("ignored");
        }
        return WebhookAnswer.ok(intake.record(delivery.provider(), type, delivery.webhookId(), entry.get()));
    }
}
