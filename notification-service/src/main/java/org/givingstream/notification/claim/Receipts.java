package org.givingstream.notification.claim;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.MilestoneEvent;
import org.givingstream.notification.outgoing.Notification;
import org.givingstream.notification.outgoing.Notification.Status;
import org.givingstream.notification.outgoing.NotificationDrain;
import org.givingstream.notification.outgoing.NotificationMetrics;
import org.givingstream.notification.outgoing.NotificationStore;
import org.givingstream.notification.outgoing.NotificationStore.Claims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * the same Message-ID, which mail clients collapse. Every step is a single-document write (a batch's claims are one
 * unordered bulk insert, in which each insert succeeds or collides on its own), so this holds on MongoDB without
 * transactions. MongoDB failures throw, so that the batch is redelivered for as long as MongoDB is away
 * ({@link ClaimErrorHandling}); only unreadable events are parked on the DLQ.
 */
@Service
class Receipts {

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);

    private final NotificationStore store;
    private final NotificationDrain drain;
    private final NotificationMetrics metrics;
    private final Clock clock;

    Receipts(NotificationStore store, NotificationDrain drain, NotificationMetrics metrics, Clock clock) {
        this.store = store;
        this.drain = drain;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * What a donation event asks of us: a receipt, a refund notice, or nothing (counted as skipped).
     *
     * @param traceparent the W3C trace context of the event's record, stored so that the mail joins its trace
     */
    Optional<Notification> forDonation(DonationEvent event, String traceparent) {
        return switch (event.type()) {
            case DonationEventTypes.RECEIVED -> forDonor(Notification.receipt(event, clock.instant(), traceparent));
            case DonationEventTypes.REFUNDED -> forDonor(Notification.refund(event, clock.instant(), traceparent));
            // A chargeback is the donor's bank taking the money back, usually because the donor disputed the
            // payment or the card was used by someone else: the bank talks to the card holder, and a "your
            // donation was reversed" email from us could go to a victim of fraud or inflame a dispute. No email.
            case DonationEventTypes.CHARGED_BACK -> {
                metrics.skipped(Notification.REFUND, "chargeback");
                yield Optional.empty();
            }
            default -> {
                log.debug("No notification for {} events", event.type());
                yield Optional.empty();
            }
        };
    }

    Notification forMilestone(MilestoneEvent event, String traceparent) {
        return Notification.milestone(event, clock.instant(), traceparent);
    }

    /**
     * Claims a batch's notifications at once (one bulk insert) and wakes the drain once. A claim that exists
     * already is a redelivered or republished event: skipped and counted, nothing is sent again.
     */
    void claimAll(List<Notification> notifications) {
        if (notifications.isEmpty()) {
            return;
        }
        Claims claims = store.claimAll(notifications);
        metrics.claimBatch(notifications.size());
        for (Notification claimed : claims.claimed()) {
            metrics.claimed(claimed.kind());
        }
        for (Notification notification : notifications) {
            Status existing = claims.existing().get(notification.id());
            if (existing != null) {
                metrics.skipped(notification.kind(), existing == Status.SENT ? "already-sent" : "already-claimed");
                log.debug(
                        "{} {} already claimed ({}); duplicate event ignored",
                        notification.kind(),
                        notification.id(),
                        existing);
            }
        }
        if (!claims.claimed().isEmpty()) {
            drain.wakeUp();
        }
        if (notifications.size() > 1 || !claims.existing().isEmpty()) {
            log.info(
                    "Claimed {} of {} notifications ({} claimed before)",
                    claims.claimed().size(),
                    notifications.size(),
                    claims.existing().size());
        }
    }

    private Optional<Notification> forDonor(Notification notification) {
        if (!hasEmail(notification.event().donor())) {
            metrics.skipped(notification.kind(), "no-email");
            // most donations in a spike: a line each would cost more than the decision (the metric counts them)
            log.debug(
                    "Donation {} came without an email address (e.g. cash); no {} to send",
                    notification.donationId(),
                    notification.kind());
            return Optional.empty();
        }
        return Optional.of(notification);
    }

    private static boolean hasEmail(Donor donor) {
        return donor.email() != null && !donor.email().isBlank();
    }
}
