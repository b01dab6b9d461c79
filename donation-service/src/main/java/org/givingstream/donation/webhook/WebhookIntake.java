package org.givingstream.donation.webhook;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.givingstream.donation.campaign.KnownCampaigns;
import org.givingstream.donation.intake.IntakeLog;
import org.givingstream.donation.intake.IntakeRecord;
import org.givingstream.donation.ledger.DonationLedger;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.ledger.LedgerEntry;
import org.givingstream.donation.tracing.TraceParents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * What every provider adapter does with verified, understood events: make them durable, count them by provider and
 * outcome, log them with the donation id (never the donor's email).
 *
 * <p>Log-first: the events are appended to the intake log and the webhook is answered once Kafka has acknowledged
 * them ({@code accepted}); the ledger follows from the log. When Kafka cannot acknowledge in time (or its circuit
 * breaker is open) they are stored in MongoDB instead, as before the log existed ({@code stored}, {@code duplicate},
 * {@code parked}), and the outbox relay publishes them when the broker is back. Either way a 2xx means durable; with
 * both away the MongoDB write fails and the webhook is answered 503, nothing written.
 */
@Component
public class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    private final IntakeLog intakeLog;
    private final DonationLedger ledger;
    private final KnownCampaigns campaigns;
    private final WebhookMetrics metrics;
    private final TraceParents traces;
    private final Clock clock;

    WebhookIntake(
            IntakeLog intakeLog,
            DonationLedger ledger,
            KnownCampaigns campaigns,
            WebhookMetrics metrics,
            TraceParents traces,
            Clock clock) {
        this.intakeLog = intakeLog;
        this.ledger = ledger;
        this.campaigns = campaigns;
        this.metrics = metrics;
        this.traces = traces;
        this.clock = clock;
    }

    /**
     * One event of a delivery.
     *
     * @param eventId the provider's id of the event or delivery, for the log
     * @param onlyIfPaidBefore a reversal that applies only if its payment was recorded before it happened
     */
    public record Delivered(String eventType, String eventId, LedgerEntry entry, boolean onlyIfPaidBefore) {}

    /**
     * @param eventType the provider's event type, also the metric's reason tag
     * @param eventId the provider's id of the event or delivery, for the log
     * @return {@code accepted} (in the intake log), or {@code stored}, {@code duplicate} or {@code parked} (MongoDB)
     * @throws InvalidPayloadException when the entry contradicts what is stored (a refund in another currency)
     */
    public String record(String provider, String eventType, String eventId, LedgerEntry entry) {
        return recordAll(provider, List.of(new Delivered(eventType, eventId, entry, false)));
    }

    /**
     * Makes a whole delivery durable, all or nothing as far as the answer goes: a 2xx after every event is in the
     * log or in MongoDB. Campaigns are checked first, so an unknown one refuses the delivery before anything is kept.
     *
     * @return the outcome of the last event
     */
    public String recordAll(String provider, List<Delivered> events) {
        events.forEach(event -> {
            if (event.entry() instanceof IncomingDonation payment) {
                campaigns.requireKnown(payment.campaignId());
            }
        });
        String traceparent = traces.current();
        var records = events.stream()
                .map(e -> IntakeRecord.of(
                        provider,
                        e.eventType(),
                        e.eventId(),
                        clock.instant(),
                        traceparent,
                        e.entry(),
                        e.onlyIfPaidBefore()))
                .toList();
        if (intakeLog.append(records)) {
            events.forEach(event -> outcome(provider, event, "accepted"));
            return "accepted";
        }
        String outcome = "ignored";
        for (Delivered event : events) {
            outcome = store(provider, event);
        }
        return outcome;
    }

    /** The fallback: today's synchronous path, the event in MongoDB before the answer. */
    private String store(String provider, Delivered event) {
        try (var ignored = MDC.putCloseable("donationId", event.entry().donationId())) {
            DonationLedger.Outcome recorded = ledger.record(event.entry(), event.onlyIfPaidBefore());
            if (recorded == DonationLedger.Outcome.IGNORED) {
                ignored(provider, event.eventType(), event.eventId() + ": no payment recorded before it");
                return "ignored";
            }
            String outcome = recorded.name().toLowerCase(Locale.ROOT);
            outcome(provider, event, outcome);
            return outcome;
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException(provider, "event " + event.eventId() + ": " + e.getMessage());
        }
    }

    private void outcome(String provider, Delivered event, String outcome) {
        metrics.outcome(provider, outcome, event.eventType());
        if (log.isDebugEnabled()) {
            try (var ignored = MDC.putCloseable("donationId", event.entry().donationId())) {
                log.debug(
                        "{} {} {} for donation {}: {}",
                        provider,
                        event.eventType(),
                        event.eventId(),
                        event.entry().donationId(),
                        outcome);
            }
        }
    }

    /** Acknowledged but not recorded: providers switch off endpoints that keep failing, and this moves no money. */
    public void ignored(String provider, String eventType, String why) {
        metrics.outcome(provider, "ignored", eventType);
        log.debug("{} {} ignored: {}", provider, eventType, why);
    }
}
