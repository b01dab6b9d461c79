package org.givingstream.donation.campaign;

/** Refused by {@link OrganiserAccess}: no token (401) or not this campaign's (403). */
public class OrganiserAccessDenied extends RuntimeException {

    private final boolean tokenPresented;
    private final String campaignId;

    OrganiserAccessDenied(boolean tokenPresented, String campaignId, String message) {
        super(message);
        this.tokenPresented = tokenPresented;
        this.campaignId = campaignId;
    }

    /** false: no bearer token at all (401); true: a token, but not this campaign's organiser's (403). */
    public boolean tokenPresented() {
        return tokenPresented;
    }

    public String campaignId() {
        return campaignId;
    }
}
