package org.givingstream.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What campaign-service publishes on {@link Topics#CAMPAIGNS} whenever a campaign opens or changes, keyed by
 * campaign id: the latest event of a campaign describes it completely, so a consumer keeps only the newest
 * {@code revision}.
 *
 * @param type one of {@link #OPENED}, {@link #CHANGED}
 * @param revision grows with every change of the campaign; consumers ignore events older than what they have
 * @param status {@code OPEN} or {@code CLOSED}
 * @param organiserName who runs the campaign, shown on receipts; may be null in schema version 1
 * @param organiserEmail where milestone emails go (this topic is internal to the platform); may be null in version 1
 * @param endDate the last day donations are asked for, or null for no end date
 * @param organiserTokenHash SHA-256 (hex) of the campaign's current organiser token, or null when it has none (revoked,
 *     or schema version 2 and older): services that take organiser requests accept exactly this token for this
 *     campaign. A hash of 256 random bits, never the token; the topic stays internal all the same
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
        String status,
        String organiserName,
        String organiserEmail,
        LocalDate endDate,
        String organiserTokenHash) {

    public static final int SCHEMA_VERSION = 3;
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
