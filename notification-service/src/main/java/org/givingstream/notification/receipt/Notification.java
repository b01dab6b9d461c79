package org.givingstream.notification.receipt;

import java.time.Duration;
import java.time.Instant;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.notification.mail.ReceiptMail;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One email we owe someone, claimed before it is sent, with everything needed to send it again.
 *
 * <p>{@code _id} is {@code kind:donationId}, unique per donation and kind of email, which is what makes the claim a
 * claim: a second insert for the same donation fails. {@code nextAttemptAt} says when somebody may try to send it:
 * during an attempt it lies {@code attemptTimeout} ahead (a lease, so nobody sends it concurrently), after a failed
 * attempt {@code retryDelay} ahead.
 *
 * @param attempts failed attempts so far
 * @param lastError why the last attempt failed, addresses redacted
 */
@Document("notifications")
@CompoundIndex(name = "retry_due", def = "{'status': 1, 'nextAttemptAt': 1}")
record Notification(
        @Id String id,
        String kind,
        Status status,
        DonationEvent event,
        String receiptNumber,
        String messageId,
        int attempts,
        String lastError,
        Instant createdAt,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        Instant sentAt) {

    static final String RECEIPT = "receipt";

    // field names for queries and updates
    static final String STATUS = "status";
    static final String ATTEMPTS = "attempts";
    static final String LAST_ERROR = "lastError";
    static final String CREATED_AT = "createdAt";
    static final String LAST_ATTEMPT_AT = "lastAttemptAt";
    static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    static final String SENT_AT = "sentAt";

    enum Status {
        /** Claimed, not known to be sent: an attempt is running, failed, or crashed. */
        PENDING,
        /** The SMTP server accepted it. Final. */
        SENT
    }

    static String receiptId(String donationId) {
        return RECEIPT + ":" + donationId;
    }

    /** A receipt claimed by the caller, whose first attempt starts now. */
    static Notification receipt(DonationEvent event, Instant now, Duration attemptTimeout) {
        ReceiptNumber number = ReceiptNumber.forDonation(event.donationId());
        return new Notification(
                receiptId(event.donationId()),
                RECEIPT,
                Status.PENDING,
                event,
                number.value(),
                number.messageId(),
                0,
                null,
                now,
                now,
                now.plus(attemptTimeout),
                null);
    }

    ReceiptMail mail() {
        return new ReceiptMail(event.donor().email(), receiptNumber, messageId, event);
    }
}
