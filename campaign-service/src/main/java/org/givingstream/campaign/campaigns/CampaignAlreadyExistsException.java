package org.givingstream.campaign.campaigns;

/** The requested id is taken: campaign ids are public URLs and are never reused or overwritten. */
public class CampaignAlreadyExistsException extends RuntimeException {

    private final String campaignId;

    CampaignAlreadyExistsException(String campaignId) {
        super("A campaign with id " + campaignId + " already exists");
        this.campaignId = campaignId;
    }

    public String campaignId() {
        return campaignId;
    }
}
