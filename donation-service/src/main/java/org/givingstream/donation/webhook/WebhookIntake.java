package org.givingstream.donation.webhook;

import java.util.Locale;
import org.givingstream.donation.donation.DonationLedger;
import org.givingstream.donation.donation.LedgerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * What every provider adapter does with a verified, understood event: record it in the ledger, count it by provider
 * and outcome, log it with the donation id (never the donor's email).
 */
@Component
public class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    private final DonationLedger ledger;
    private final WebhookMetrics metrics;

    WebhookIntake(DonationLedger ledger, WebhookMetrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /**
     * @param eventType the provider's event type, also the metric's reason tag
     * @param eventId the provider's id of the event or delivery, for the log
     * @return {@code stored}, {@code duplicate} or {@code parked}
     * @throws InvalidPayloadException when the entry contradicts what is stored (a refund in another currency)
     */
    public String record(String provider, String eventType, String eventId, LedgerEntry entry) {
        try (var ignored = MDC.putCloseable("donationId", entry.donationId())) {
            String outcome = ledger.record(entry).name().toLowerCase(Locale.ROOT);
            metrics.outcome(provider, outcome, eventType);
            log.info("{} {} {} for donation {}: {}", provider, eventType, eventId, entry.donationId(), outcome);
            return outcome;
        } catch (IllegalArgumentException e) {
            throw new InvalidPayloadException(provider, "event " + eventId + ": " + e.getMessage());
        }
    }

    /** Acknowledged but not recorded: providers switch off endpoints that keep failing, and this moves no money. */
    public void ignored(String provider, String eventType, String why) {
        metrics.outcome(provider, "ignored", eventType);
        log.info("{} {} ignored: {}", provider, eventType, why);
    }
}
