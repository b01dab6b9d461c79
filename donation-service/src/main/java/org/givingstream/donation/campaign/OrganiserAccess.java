package org.givingstream.donation.campaign;

import org.givingstream.httpguard.BearerToken;
import org.springframework.stereotype.Component;

/**
 * The one check in front of every organiser endpoint of donation-service: a bearer token at all (else 401), a
 * campaign campaign-service announced (else 422: a campaign opened a moment ago is known within a second), and the
 * token of exactly that campaign (else 403).
 */
@Component
public class OrganiserAccess {

    private final KnownCampaigns campaigns;
    private final OrganiserTokens tokens;

    OrganiserAccess(KnownCampaigns campaigns, OrganiserTokens tokens) {
        this.campaigns = campaigns;
        this.tokens = tokens;
    }

    /**
     * @param authorization the request's {@code Authorization} header, null when absent
     * @return the organiser's token, for callers that scope something by organiser
     * @throws OrganiserAccessDenied when the caller is not this campaign's organiser
     * @throws UnknownCampaignException when campaign-service never announced {@code campaignId}
     */
    public String require(String campaignId, String authorization) {
        String token = BearerToken.presentedIn(authorization);
        if (token == null) {
            throw new OrganiserAccessDenied(
                    false, campaignId, "Send the campaign's organiser token as 'Authorization: Bearer <token>'.");
        }
        campaigns.requireKnown(campaignId);
        if (!tokens.isOrganiserOf(campaignId, token)) {
            throw new OrganiserAccessDenied(
                    true, campaignId, "The token is not an organiser token of campaign " + campaignId + ".");
        }
        return token;
    }
}
