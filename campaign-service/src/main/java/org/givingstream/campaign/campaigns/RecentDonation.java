package org.givingstream.campaign.campaigns;

import java.time.Instant;
import org.givingstream.contracts.Money;

/**
 * What the public may see of one donation, built from the event by the totals feature, which stores nothing else:
 * no email ever, no payment reference, and no name when the donor asked to stay anonymous.
 *
 * @param donorName null when anonymous or unknown; shown as "Anonymous"
 */
public record RecentDonation(String donorName, Money amount, String message, Instant occurredAt) {}
