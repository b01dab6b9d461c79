package org.givingstream.notification.receipt;

import java.time.Clock;
import java.util.Optional;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.MilestoneEvent;
import org.givingstream.notification.receipt.Notification.Status;
import org.givingstream.notification.tracing.TraceParents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Turns events into claimed notifications: a receipt per received donation, a refund notice per refund, a
 * milestone email per campaign and threshold. Claiming is all the Kafka consumer does; the
 * {@link NotificationDrain} sends.
 *
 * <p>Effectively-once: a notification is claimed in MongoDB (insert with a unique {@code _id}, e.g.
 * {@code receipt:<donationId>}) before it is sent, and marked SENT after the SMTP server accepted it. A redelivered
 * or republished event finds the claim and claims nothing: a claim is sent once (and kept PENDING until it is).
 * The one window left is a crash between the send and the mark, which at worst sends the mail a second time with
 * the same Message-ID, which mail clients collapse. Every step is a single-document write, so this holds on
 * MongoDB without transactions. MongoDB failures throw, so that the binder retries the event for as long as
 * MongoDB is away (see application.yml); only unreadable events are parked on the DLQ.
 */
@Service
class Receipts {

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);

    private final NotificationStore store;
    private final NotificationDrain drain;
    private final NotificationMetrics metrics;
    private final Clock clock;
    private final TraceParents traces;

    Receipts(
            NotificationStore store,
            NotificationDrain drain,
            NotificationMetrics metrics,
            Clock clock,
            TraceParents traces) {
        this.store = store;
        this.drain = drain;
        this.metrics = metrics;
        this.clock = clock;
        this.traces = traces;
    }

    void onDonation(DonationEvent event) {
        try (var ignored = MDC.putCloseable("donationId", event.donationId())) {
            switch (event.type()) {
                case DonationEventTypes.RECEIVED -> claimForDonor(Notification.receipt(event, clock.instant(), traces.current()));
                case DonationEventTypes.REFUNDED -> claimForDonor(Notification.refund(event, clock.instant(), traces.current()));
                // A chargeback is the donor's bank taking the money back, usually because the donor disputed the
                // payment or the card was used by someone else: the bank talks to the card holder, and a "your
                // donation was reversed" email from us could go to a victim of fraud or inflame a dispute. No email.
                case DonationEventTypes.CHARGED_BACK -> metrics.skipped(Notification.REFUND, "chargeback");
                default -> log.debug("No notification for {} events", event.type());
            }
        }
    }

    void onMilestone(MilestoneEvent event) {
        claim(Notification.milestone(event, clock.instant(), traces.current()));
    }

    private void claimForDonor(Notification notification) {
        if (!hasEmail(notification.event().donor())) {
            metrics.skipped(notification.kind(), "no-email");
            // most donations in a spike: a line each would cost more than the decision (the metric counts them)
            log.debug("Donation {} came without an email address (e.g. cash); no {} to send",
                    notification.donationId(), notification.kind());
            return;
        }
        claim(notification);
    }

    private void claim(Notification notification) {
        Optional<Notification> existing = store.claim(notification);
        if (existing.isEmpty()) {
            metrics.claimed(notification.kind());
            drain.wakeUp();
            return;
        }
        Status status = existing.get().status();
        metrics.skipped(notification.kind(), status == Status.SENT ? "already-sent" : "already-claimed");
        log.info("{} {} already claimed ({}); duplicate event ignored", notification.kind(), notification.id(), status);
    }

    private static boolean hasEmail(Donor donor) {
        return donor.email() != null && !donor.email().isBlank();
    }
}
