package org.givingstream.notification.outgoing;

import java.time.Instant;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.MilestoneEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One email we owe someone, claimed before it is sent, with everything needed to send it again.
 *
 * <p>{@code _id} is {@code kind:key} — {@code receipt:<donationId>}, {@code refund:<eventId>},
 * {@code milestone:<campaignId>:<threshold>} — unique per donation (or event, or milestone) and kind of email,
 * which is what makes the claim a claim: a second insert for the same one fails. {@code nextAttemptAt} says when
 * the drain may try to send it: during an attempt it lies {@code attemptTimeout} ahead (a lease, so nobody sends it
 * concurrently, held by the round named in the document's {@code leaseToken}), after a failed attempt
 * {@code retryDelay} ahead.
 *
 * @param to the recipient; for a milestone, null until the organiser's address is known
 * @param recipientKey {@code to} in lower case, for the ops API's search by address
 * @param event the donation event a receipt or refund notice is about; null for a milestone
 * @param milestone the milestone a milestone email is about; null otherwise
 * @param receiptNumber the receipt's number (receipts and refund notices), the same on every resend
 * @param messageId the {@code Message-ID} of the current send; a deliberate resend gets a new one
 * @param attempts failed sending rounds so far (each up to {@code notifications.mail.retry.max-attempts} SMTP tries)
 * @param lastError why the last round failed or why the notification waits, addresses redacted
 * @param queuedAt when it was claimed, or resent: the drain sends the oldest first
 * @param resends deliberate resends asked for through the ops API
 * @param traceparent the W3C trace context of the event that caused it, so the email joins the donation's trace
 * @param linkToken an address check's secret, for the link in its mail; removed once the mail is sent
 * @param linkTokenHash the secret's SHA-256 (hex), kept to recognise the link when the organiser follows it
 */
@Document("notifications")
@CompoundIndex(name = "due", def = "{'status': 1, 'nextAttemptAt': 1}")
// the organiser's receipt counts (ReceiptProgressController)
@CompoundIndex(name = "campaign_receipts", def = "{'campaignId': 1, 'kind': 1, 'status': 1}")
public record Notification(
        @Id String id,
        String kind,
        Status status,
        String to,
        @Indexed String recipientKey,
        @Indexed String donationId,
        String campaignId,
        DonationEvent event,
        MilestoneEvent milestone,
        String receiptNumber,
        String messageId,
        int attempts,
        String lastError,
        Instant createdAt,
        Instant queuedAt,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        Instant sentAt,
        Instant failedAt,
        int resends,
        String traceparent,
        String linkToken,
        @Indexed(sparse = true) String linkTokenHash) {

    static final String RECEIPT = "receipt";
    public static final String REFUND = "refund";
    static final String MILESTONE = "milestone";
    static final String ADDRESS_CHECK = "address-check";

    // field names for queries and updates
    static final String STATUS = "status";
    static final String TO = "to";
    static final String RECIPIENT_KEY = "recipientKey";
    static final String DONATION_ID = "donationId";
    static final String CAMPAIGN_ID = "campaignId";
    static final String MESSAGE_ID = "messageId";
    static final String ATTEMPTS = "attempts";
    static final String LAST_ERROR = "lastError";
    static final String QUEUED_AT = "queuedAt";
    static final String LAST_ATTEMPT_AT = "lastAttemptAt";
    static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    static final String SENT_AT = "sentAt";
    static final String FAILED_AT = "failedAt";
    static final String RESENDS = "resends";
    static final String KIND = "kind";
    static final String LINK_TOKEN = "linkToken";
    static final String LINK_TOKEN_HASH = "linkTokenHash";
    /**
     * The random token of the drain round that took the current attempt; only in the stored document (the drain
     * finds its round's winners by it), never read into this record.
     */
    static final String LEASE_TOKEN = "leaseToken";

    public enum Status {
        /** Claimed, not known to be sent: waiting for the drain, an attempt running, failed transiently, or crashed. */
        PENDING,
        /** The SMTP server accepted it. Final, unless someone asks for a resend. */
        SENT,
        /** Refused for good (an invalid address, a 5xx reply) or given up on. Final, unless resent. */
        FAILED
    }

    public static String receiptId(String donationId) {
        return RECEIPT + ":" + donationId;
    }

    static String refundId(String eventId) {
        return REFUND + ":" + eventId;
    }

    public static String milestoneId(String campaignId, int threshold) {
        return MILESTONE + ":" + campaignId + ":" + threshold;
    }

    /** A receipt to claim; due at once (the drain sends it). */
    public static Notification receipt(DonationEvent event, Instant now, String traceparent) {
        ReceiptNumber number = ReceiptNumber.forDonation(event.donationId());
        return donorMail(receiptId(event.donationId()), RECEIPT, event, number, number.messageId(), now, traceparent);
    }

    /** A refund notice to claim: it carries the number of the receipt it corrects. */
    public static Notification refund(DonationEvent event, Instant now, String traceparent) {
        ReceiptNumber number = ReceiptNumber.forDonation(event.donationId());
        String messageId = "<refund."
                + ReceiptNumber.forDonation(event.eventId()).value() + "@" + ReceiptNumber.MESSAGE_ID_DOMAIN + ">";
        return donorMail(refundId(event.eventId()), REFUND, event, number, messageId, now, traceparent);
    }

    /** A milestone email to claim; its recipient, the organiser, is looked up when it is sent. */
    public static Notification milestone(MilestoneEvent event, Instant now, String traceparent) {
        String messageId =
                "<milestone." + ReceiptNumber.forDonation(event.campaignId()).value() + "." + event.threshold() + "@"
                        + ReceiptNumber.MESSAGE_ID_DOMAIN + ">";
        return new Notification(
                milestoneId(event.campaignId(), event.threshold()),
                MILESTONE,
                Status.PENDING,
                null,
                null,
                null,
                event.campaignId(),
                null,
                event,
                null,
                messageId,
                0,
                null,
                now,
                now,
                null,
                now,
                null,
                null,
                0,
                traceparent,
                null,
                null);
    }

    private static Notification donorMail(
            String id,
            String kind,
            DonationEvent event,
            ReceiptNumber number,
            String messageId,
            Instant now,
            String traceparent) {
        String to = event.donor().email();
        return new Notification(
                id,
                kind,
                Status.PENDING,
                to,
                recipientKey(to),
                event.donationId(),
                event.campaignId(),
                event,
                null,
                number.value(),
                messageId,
                0,
                null,
                now,
                now,
                null,
                now,
                null,
                null,
                0,
                traceparent,
                null,
                null);
    }

    static String addressCheckId(String campaignId, String address) {
        return ADDRESS_CHECK + ":" + campaignId + ":" + recipientKey(address);
    }

    /**
     * An organiser's address check: a mail to the address campaign-service announced, with a link holding
     * {@code token}; milestone news goes to the address once the link was followed.
     */
    static Notification addressCheck(String campaignId, String address, String token, String tokenHash, Instant now) {
        String messageId = "<address-check." + tokenHash.substring(0, 24) + "@" + ReceiptNumber.MESSAGE_ID_DOMAIN + ">";
        return new Notification(
                addressCheckId(campaignId, address),
                ADDRESS_CHECK,
                Status.PENDING,
                address,
                recipientKey(address),
                null,
                campaignId,
                null,
                null,
                null,
                messageId,
                0,
                null,
                now,
                now,
                null,
                now,
                null,
                null,
                0,
                null,
                token,
                tokenHash);
    }

    static String recipientKey(String address) {
        return address == null ? null : address.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** The Message-ID of the n-th deliberate resend: new, so that mail clients show it instead of collapsing it. */
    String messageIdOfResend(int resend) {
        String first = resends == 0 ? messageId : messageId.replaceFirst("\\.r[0-9]+@", "@");
        return first.replaceFirst("@", ".r" + resend + "@");
    }
}
