package org.givingstream.donation.webhook.gocardless;

import org.givingstream.donation.donation.DonationLedger;
import org.givingstream.donation.donation.LedgerEntry;
import org.givingstream.donation.webhook.WebhookIntake;
import org.givingstream.donation.webhook.WebhookJson;
import org.givingstream.donation.webhook.WebhookMetrics;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/gocardless}: a signed batch of up to 250 events. The signature is checked on the raw bytes,
 * the whole batch is understood, then every event is recorded in order, and only then is the body acknowledged
 * with 204.
 *
 * <p>A failure part-way (MongoDB unreachable at the 7th event) answers 5xx and GoCardless resends the WHOLE body.
 * That is safe because the ledger is idempotent: the events recorded the first time come back as duplicates, keyed
 * by payment id and reversal id, and publish nothing twice.
 */
@RestController
class GoCardlessWebhookController {

    private static final String PROVIDER = GoCardlessSignatureVerifier.PROVIDER;

    private final GoCardlessSignatureVerifier verifier;
    private final GoCardlessEventTranslator translator;
    private final DonationLedger ledger;
    private final WebhookIntake intake;
    private final JsonMapper json;
    private final WebhookMetrics metrics;

    GoCardlessWebhookController(
            GoCardlessSignatureVerifier verifier,
            GoCardlessEventTranslator translator,
            DonationLedger ledger,
            WebhookIntake intake,
            JsonMapper json,
            WebhookMetrics metrics) {
        this.verifier = verifier;
        this.translator = translator;
        this.ledger = ledger;
        this.intake = intake;
        this.json = json;
        this.metrics = metrics;
    }

    @PostMapping("/webhooks/gocardless")
    ResponseEntity<Void> receive(
            @RequestHeader(name = "Webhook-Signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        metrics.received(PROVIDER);
        byte[] payload = body == null ? new byte[0] : body;
        verifier.verify(signature, payload);
        var steps = translator.translate(WebhookJson.parseObject(json, PROVIDER, payload));
        steps.forEach(this::apply);
        return ResponseEntity.noContent().build();
    }

    private void apply(GoCardlessStep step) {
        switch (step) {
            case GoCardlessStep.Record record -> record(record, record.entry());
            case GoCardlessStep.ReverseIfConfirmedBefore failure -> {
                var reversal = failure.reversal();
                if (ledger.hasPaymentBefore(reversal.donationId(), reversal.occurredAt())) {
                    record(failure, reversal);
                } else {
                    ignore(failure, "no confirmed payment before it failed, so no money to take back");
                }
            }
            case GoCardlessStep.Ignore ignored -> ignore(ignored, ignored.why());
        }
    }

    private void record(GoCardlessStep step, LedgerEntry entry) {
        intake.record(PROVIDER, step.type(), step.eventId(), entry);
    }

    private void ignore(GoCardlessStep step, String why) {
        // acknowledged with the rest of the batch: refusing would make GoCardless resend events we can never use
        intake.ignored(PROVIDER, step.type(), step.eventId() + ": " + why);
    }
}
