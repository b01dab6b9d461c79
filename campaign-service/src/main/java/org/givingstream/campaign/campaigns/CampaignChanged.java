package org.givingstream.campaign.campaigns;

/**
 * Published (as a Spring application event, on the caller's thread) after an organiser's change to a campaign is
 * stored, so that what caches the campaign's summary on this instance forgets it and the change shows at once.
 */
public record CampaignChanged(String campaignId) {}
