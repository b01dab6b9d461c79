package org.givingstream.notification.mail;

import java.util.Objects;
import org.givingstream.contracts.DonationEvent;

/**
 * One receipt email, ready to render and send.
 *
 * @param to the donor's address
 * @param receiptNumber shown to the donor; the same on every resend
 * @param messageId the {@code Message-ID} header, angle brackets included; the same on every repeat of one send so
 *     that mail clients collapse a duplicate
 * @param donation what the receipt is for
 * @param campaign what we know about the campaign
 */
public record ReceiptMail(
        String to, String receiptNumber, String messageId, DonationEvent donation, CampaignDetails campaign)
        implements Mail {

    public ReceiptMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(receiptNumber, "receiptNumber");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(donation, "donation");
        Objects.requireNonNull(campaign, "campaign");
    }
}
