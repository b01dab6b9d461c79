package org.givingstream.donation.webhook.stripe;

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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/stripe}. The signature is checked on the raw bytes before anything is parsed; a 200 is
 * sent only once the donation is stored in MongoDB, so Stripe's retries stop only when nothing can be lost.
 */
@RestController
class StripeWebhookController {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);
    private static final String PROVIDER = StripeSignatureVerifier.PROVIDER;

    private final StripeSignatureVerifier verifier;
    private final DonationLedger ledger;
    private final JsonMapper json;
    private final WebhookMetrics metrics;

    StripeWebhookController(
            StripeSignatureVerifier verifier, DonationLedger ledger, JsonMapper json, WebhookMetrics metrics) {
        this.verifier = verifier;
        this.ledger = ledger;
        this.json = json;
        this.metrics = metrics;
    }

    @PostMapping("/webhooks/stripe")
    ResponseEntity<Map<String, String>> receive(
            @RequestHeader(name = "Stripe-Signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        metrics.received(PROVIDER);
        byte[] payload = body == null ? new byte[0] : body;
        verifier.verify(signature, payload);
        JsonNode event = WebhookJson.parseObject(json, PROVIDER, payload);
        String type = event.path("type").asString("unknown");
        var entry = StripeEventTranslator.translate(event);
        if (entry.isEmpty()) {
            // acknowledged: Stripe disables endpoints that keep failing, and these events move no money
            metrics.outcome(PROVIDER, "ignored", type);
            return ResponseEntity.ok(Map.of("status", "ignored"));
        }
        return ResponseEntity.ok(Map.of("status", record(entry.get(), type)));
    }

    private String record(LedgerEntry entry, String type) {
        try (var ignored = MDC.putCloseable("donationId", entry.donationId())) {
            String outcome = ledger.record(entry).name().toLowerCase(Locale.ROOT);
            metrics.outcome(PROVIDER, outcome, type);
            log.info("Stripe {} for donation {}: {}", type, entry.donationId(), outcome);
            return outcome;
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException(PROVIDER, e.getMessage());
        }
    }
}
