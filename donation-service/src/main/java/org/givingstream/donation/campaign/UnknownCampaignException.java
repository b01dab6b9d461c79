package org.givingstream.donation.campaign;

/** Money for a campaign that campaign-service never announced (a mistyped id, or one not created yet). */
public class UnknownCampaignException extends RuntimeException {

    private final String campaignId;

    public UnknownCampaignException(String campaignId) {
        super("No campaign '" + campaignId + "' is known. If it was just created, retry in a moment.");
        this.campaignId = campaignId;
    }

    public String campaignId() {
        return campaignId;
    }
}
