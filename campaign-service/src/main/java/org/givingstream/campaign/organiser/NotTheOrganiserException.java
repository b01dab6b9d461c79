package org.givingstream.campaign.organiser;

/** The token presented is not this campaign's organiser token: an organiser may change only their own campaign. */
public class NotTheOrganiserException extends RuntimeException {

    private final String campaignId;

    public NotTheOrganiserException(String campaignId) {
        super("The token is not the organiser token of campaign " + campaignId);
        this.campaignId = campaignId;
    }

    public String campaignId() {
        return campaignId;
    }
}
