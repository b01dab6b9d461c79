package org.givingstream.notification.mail;

import java.util.Objects;
import org.givingstream.contracts.DonationEvent;

/**
 * Tells a donor that (part of) their donation went back to them.
 *
 * @param receiptNumber the number of the receipt this refund corrects
 * @param receiptMessageId the receipt's {@code Message-ID}: the notice is a reply to it, so it threads under it
 * @param refund the {@code donation.refunded} event: its amount is what this refund returned
 */
public record RefundMail(
        String to,
        String receiptNumber,
        String messageId,
        String receiptMessageId,
        DonationEvent refund,
        CampaignDetails campaign)
        implements Mail {

    public RefundMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(receiptNumber, "receiptNumber");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(receiptMessageId, "receiptMessageId");
        Objects.requireNonNull(refund, "refund");
        Objects.requireNonNull(campaign, "campaign");
    }
}
