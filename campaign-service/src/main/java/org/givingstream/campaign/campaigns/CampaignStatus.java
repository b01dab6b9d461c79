package org.givingstream.campaign.campaigns;

/** A campaign is {@code OPEN} until its organiser closes it; a {@code CLOSED} campaign is read-only. */
public enum CampaignStatus {
    OPEN,
    CLOSED
}
