package org.givingstream.donation.webhook.gocardless;

import java.util.ArrayList;
import java.util.List;
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
 * the whole batch is understood, then all its events are made durable together (appended to the intake log, or
 * stored in MongoDB when Kafka is away), and only then is the body acknowledged with 204.
 *
 * <p>A failure part-way answers 5xx and GoCardless resends the WHOLE body. That is safe because the ledger is
 * idempotent: events kept the first time come back as duplicates, keyed by payment id and reversal id, and publish
 * nothing twice. A late failure ({@code payments.failed} after {@code confirmed}) is decided by the ledger in log
 * order, so a confirmation earlier in the same body counts.
 */
@RestController
class GoCardlessWebhookController {

    private static final String PROVIDER = GoCardlessSignatureVerifier.PROVIDER;

    private final GoCardlessSignatureVerifier verifier;
    private final GoCardlessEventTranslator translator;
    private final WebhookIntake intake;
    private final JsonMapper json;
    private final WebhookMetrics metrics;

    GoCardlessWebhookController(
            GoCardlessSignatureVerifier verifier,
            GoCardlessEventTranslator translator,
            WebhookIntake intake,
            JsonMapper json,
            WebhookMetrics metrics) {
        this.verifier = verifier;
        this.translator = translator;
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
        List<WebhookIntake.Delivered> events = new ArrayList<>();
        for (GoCardlessStep step : steps) {
            switch (step) {
                case GoCardlessStep.Record record ->
                    events.add(new WebhookIntake.Delivered(record.type(), record.eventId(), record.entry(), false));
                case GoCardlessStep.ReverseIfConfirmedBefore failure ->
                    events.add(
                            new WebhookIntake.Delivered(failure.type(), failure.eventId(), failure.reversal(), true));
                // acknowledged with the rest of the batch: refusing would make GoCardless resend events we can never
                // use
                case GoCardlessStep.Ignore ignored ->
                    intake.ignored(PROVIDER, ignored.type(), ignored.eventId() + ": " + ignored.why());
            }
        }
        if (!events.isEmpty()) {
            intake.recordAll(PROVIDER, events);
        }
        return ResponseEntity.noContent().build();
    }
}
