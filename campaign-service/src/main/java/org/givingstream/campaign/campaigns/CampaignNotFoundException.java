package org.givingstream.campaign.campaigns;

/** No campaign has this id. */
public class CampaignNotFoundException extends RuntimeException {

    private final String campaignId;

    public CampaignNotFoundException(String campaignId) {
        super("No campaign with id " + campaignId);
        this.campaignId = campaignId;
    }

    public String campaignId() {
        return campaignId;
    }
}
