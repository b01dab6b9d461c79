package org.givingstream.campaign.campaigns;

/** A closed campaign is read-only. */
public class CampaignClosedException extends RuntimeException {

    private final String campaignId;

    CampaignClosedException(String campaignId) {
        super("Campaign " + campaignId + " is closed and can no longer be changed");
        this.campaignId = campaignId;
    }

    public String campaignId() {
        return campaignId;
    }
}
