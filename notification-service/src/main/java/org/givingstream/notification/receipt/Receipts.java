package org.givingstream.notification.receipt;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.notification.mail.ReceiptMailer;
import org.givingstream.notification.receipt.Notification.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Service;

/**
 * Sends each donor one thank-you receipt.
 *
 * <p>Effectively-once: a receipt is claimed in MongoDB (insert of {@code receipt:<donationId>}, unique {@code _id})
 * before it is sent, and marked SENT after the SMTP server accepted it. A redelivered or republished event finds
 * the claim: SENT is never sent again; PENDING is sent again, at once when its next attempt is due, otherwise by
 * the retrier (an attempt lease keeps two senders off one receipt). The one window left is a crash between the send
 * and the mark, which at worst sends the receipt a second time with the same Message-ID, which mail clients collapse.
 * Every step is a single-document write, so this holds on MongoDB without transactions.
 */
@Service
class Receipts {

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'@]+@[^\\s<>\"']+");
    private static final int MAX_ERROR_LENGTH = 500;

    private final MongoTemplate mongo;
    private final ReceiptMailer mailer;
    private final ReceiptProperties properties;
    private final NotificationMetrics metrics;
    private final Clock clock;

    Receipts(
            MongoTemplate mongo,
            ReceiptMailer mailer,
            ReceiptProperties properties,
            NotificationMetrics metrics,
            Clock clock) {
        this.mongo = mongo;
        this.mailer = mailer;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        metrics.pendingFrom(this::pending);
    }

    /**
     * Handles one donation event. An SMTP failure does not throw: the receipt stays claimed as PENDING for the
     * retrier, so an SMTP outage never blocks the Kafka partition. MongoDB failures do throw, so that the binder
     * retries the event (and parks it on the DLQ if MongoDB stays away).
     */
    void onDonation(DonationEvent event) {
        if (!DonationEventTypes.RECEIVED.equals(event.type())) {
            return; // only received donations get a receipt
        }
        try (var ignored = MDC.putCloseable("donationId", event.donationId())) {
            if (!hasEmail(event.donor())) {
                metrics.skipped("no-email");
                log.info("Donation {} came without an email address (e.g. cash); no receipt to send",
                        event.donationId());
                return;
            }
            claim(event).ifPresent(this::attempt);
        }
    }

    /** Sends the PENDING receipts whose next attempt is due, oldest first, a batch at a time. */
    void retryDue() {
        List<Notification> due;
        do {
            Query query = due(clock.instant()).with(Sort.by(Notification.CREATED_AT)).limit(properties.retryBatchSize());
            due = mongo.find(query, Notification.class);
            // Each attempt moves the notification out of "due" (SENT, or a later nextAttemptAt), so this ends.
            due.forEach(this::retry);
        } while (due.size() == properties.retryBatchSize());
    }

    long pending() {
        return mongo.count(query(where(Notification.STATUS).is(Status.PENDING)), Notification.class);
    }

    private void retry(Notification notification) {
        try (var ignored = MDC.putCloseable("donationId", notification.event().donationId())) {
            takeAttempt(notification.id()).ifPresent(this::attempt);
        } catch (RuntimeException e) {
            // One broken notification must not stop the others; its lease keeps it from being retried in a loop.
            log.warn("Retrying receipt {} failed", notification.receiptNumber(), e);
        }
    }

    /**
     * Claims the receipt for this donation: empty when it was already sent, or when another attempt holds it or
     * its retry is scheduled (then the retrier sends it).
     */
    private Optional<Notification> claim(DonationEvent event) {
        Notification claim = Notification.receipt(event, clock.instant(), properties.attemptTimeout());
        try {
            mongo.insert(claim); // effectively-once: the unique _id lets exactly one claim per donation in
            return Optional.of(claim);
        } catch (DuplicateKeyException duplicate) {
            return resume(claim.id());
        }
    }

    private Optional<Notification> resume(String id) {
        Notification existing = mongo.findById(id, Notification.class);
        if (existing != null && existing.status() == Status.SENT) {
            metrics.skipped("already-sent");
            log.info("Receipt {} was already sent; duplicate event ignored", existing.receiptNumber());
            return Optional.empty();
        }
        Optional<Notification> taken = takeAttempt(id);
        if (taken.isEmpty()) {
            log.info("Receipt for this donation is pending with an attempt running or a retry scheduled; "
                    + "the retrier sends it");
        }
        return taken;
    }

    /**
     * Takes the next attempt of a due PENDING notification. At most one caller wins: the guard and the lease are
     * one single-document findAndModify, so a consumer and retriers on several instances never send concurrently.
     */
    private Optional<Notification> takeAttempt(String id) {
        Instant now = clock.instant();
        Query dueById = due(now).addCriteria(where("_id").is(id));
        Update lease = new Update()
                .set(Notification.LAST_ATTEMPT_AT, now)
                .set(Notification.NEXT_ATTEMPT_AT, now.plus(properties.attemptTimeout()));
        return Optional.ofNullable(mongo.findAndModify(
                dueById, lease, FindAndModifyOptions.options().returnNew(true), Notification.class));
    }

    private void attempt(Notification notification) {
        Timer.Sample sample = metrics.startSend();
        try {
            mailer.send(notification.mail());
        } catch (MailException e) {
            metrics.failed(sample);
            recordFailure(notification, e);
            return;
        }
        metrics.sent(sample);
        markSent(notification);
    }

    private void markSent(Notification notification) {
        Update sent = new Update().set(Notification.STATUS, Status.SENT).set(Notification.SENT_AT, clock.instant());
        mongo.updateFirst(pendingById(notification.id()), sent, Notification.class);
        log.info("Receipt {} sent", notification.receiptNumber());
    }

    /** Keeps the receipt PENDING for the retrier; a later issue turns repeated or permanent failures into backoff. */
    private void recordFailure(Notification notification, MailException e) {
        String error = describe(e);
        Update failed = new Update()
                .inc(Notification.ATTEMPTS, 1)
                .set(Notification.LAST_ERROR, error)
                .set(Notification.NEXT_ATTEMPT_AT, clock.instant().plus(properties.retryDelay()));
        mongo.updateFirst(pendingById(notification.id()), failed, Notification.class);
        log.warn("Receipt {} not sent, will retry in {}: {}", notification.receiptNumber(), properties.retryDelay(),
                error);
    }

    private static Query due(Instant now) {
        return query(where(Notification.STATUS).is(Status.PENDING).and(Notification.NEXT_ATTEMPT_AT).lte(now));
    }

    private static Query pendingById(String id) {
        return query(where("_id").is(id).and(Notification.STATUS).is(Status.PENDING));
    }

    private static boolean hasEmail(Donor donor) {
        return donor.email() != null && !donor.email().isBlank();
    }

    /** The most specific cause, with any address replaced: donor emails never reach logs. */
    private static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (cause != e) {
            text = e.getClass().getSimpleName() + " <- " + text;
        }
        text = ADDRESS.matcher(text).replaceAll("<address>");
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
