package org.givingstream.donation.webhook.standard;

import java.util.Locale;
import java.util.Map;
import org.givingstream.donation.donation.DonationLedger;
import org.givingstream.donation.donation.LedgerEntry;
import org.givingstream.donation.webhook.InvalidPayloadException;
import org.givingstream.donation.webhook.WebhookJson;
import org.givingstream.donation.webhook.WebhookMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
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
 * sent only once the entry is stored in MongoDB, so the sender's retries stop only when nothing can be lost.
 */
@RestController
class StandardWebhookController {

    private static final Logger log = LoggerFactory.getLogger(StandardWebhookController.class);

    private final StandardWebhookVerifier verifier;
    private final DonationLedger ledger;
    private final JsonMapper json;
    private final WebhookMetrics metrics;

    StandardWebhookController(
            StandardWebhookVerifier verifier, DonationLedger ledger, JsonMapper json, WebhookMetrics metrics) {
        this.verifier = verifier;
        this.ledger = ledger;
        this.json = json;
        this.metrics = metrics;
    }

    @PostMapping("/webhooks/standard/{source}")
    ResponseEntity<Map<String, String>> receive(
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
            metrics.outcome(delivery.provider(), "ignored", type);
            return ResponseEntity.ok(Map.of("status", "ignored"));
        }
        return ResponseEntity.ok(Map.of("status", record(entry.get(), type, delivery)));
    }

    private String record(LedgerEntry entry, String type, StandardDelivery delivery) {
        try (var ignored = MDC.putCloseable("donationId", entry.donationId())) {
            String outcome = ledger.record(entry).name().toLowerCase(Locale.ROOT);
            metrics.outcome(delivery.provider(), outcome, type);
            log.info("{} {} {} for donation {}: {}",
                    delivery.provider(), type, delivery.webhookId(), entry.donationId(), outcome);
            return outcome;
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException(delivery.provider(), e.getMessage());
        }
    }
}
