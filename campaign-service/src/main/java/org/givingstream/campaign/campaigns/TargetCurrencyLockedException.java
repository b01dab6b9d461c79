package org.givingstream.campaign.campaigns;

/**
 * The target's currency cannot change once donations arrived: the totals are kept per currency and never
 * converted, so the money raised so far would silently stop counting towards the target.
 */
public class TargetCurrencyLockedException extends RuntimeException {

    private final String campaignId;
    private final String currency;

    TargetCurrencyLockedException(String campaignId, String currency) {
        super("Campaign " + campaignId + " has received donations; its target stays in " + currency);
        this.campaignId = campaignId;
        this.currency = currency;
    }

    public String campaignId() {
        return campaignId;
    }

    public String currency() {
        return currency;
    }
}
