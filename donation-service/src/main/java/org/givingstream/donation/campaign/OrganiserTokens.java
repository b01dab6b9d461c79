package org.givingstream.donation.campaign;

/**
 * Who may act as a campaign's organiser here (offline entries, exports): whoever holds the campaign's current
 * organiser token, as campaign-service last announced its hash.
 */
public interface OrganiserTokens {

    /** Whether {@code token} is the organiser token of {@code campaignId}; implementations compare in constant time. */
    boolean isOrganiserOf(String campaignId, String token);
}
