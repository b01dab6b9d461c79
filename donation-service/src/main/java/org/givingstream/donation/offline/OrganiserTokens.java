package org.givingstream.donation.offline;

/**
 * Who may enter offline donations for a campaign. Today from configuration ({@link ConfiguredOrganiserTokens});
 * later from campaign-service's events, behind this same question.
 */
public interface OrganiserTokens {

    /** Whether {@code token} is an organiser token of {@code campaignId}; implementations compare in constant time. */
    boolean isOrganiserOf(String campaignId, String token);
}
