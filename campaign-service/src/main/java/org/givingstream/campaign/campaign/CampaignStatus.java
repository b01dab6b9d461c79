package org.givingstream.campaign.campaign;

/** Only {@code OPEN} for now; closing a campaign comes with the organisers' tools. */
public enum CampaignStatus {
    OPEN
}
