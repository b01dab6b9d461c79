package org.givingstream.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * What campaign-service publishes on {@link Topics#CAMPAIGNS} whenever a campaign opens or changes, keyed by
 * campaign id: the latest event of a campaign describes it completely, so a consumer keeps only the newest
 * {@code revision}.
 *
 * @param type one of {@link #OPENED}, {@link #CHANGED}
 * @param revision grows with every change of the campaign; consumers ignore events older than what they have
 * @param status {@code OPEN} or {@code CLOSED}
 */
public record CampaignEvent(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String campaignId,
        long revision,
        String title,
        Money target,
        String status) {

    public static final int SCHEMA_VERSION = 1;
    public static final String OPENED = "campaign.opened";
    public static final String CHANGED = "campaign.changed";

    public CampaignEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
    }
}
