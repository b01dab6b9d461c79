package org.givingstream.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by campaign-service on {@link Topics#MILESTONES}, keyed by campaign id, once per campaign and threshold
 * when the amount raised first reaches 25, 50, 75 or 100 % of the target. Delivery is at-least-once with a stable
 * {@code eventId} (campaign and threshold), so consumers deduplicate by it.
 *
 * @param threshold the percentage reached: 25, 50, 75 or 100
 * @param raised the amount raised when the milestone was recorded (in the target's currency)
 */
public record MilestoneEvent(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String campaignId,
        String title,
        int threshold,
        Money raised,
        Money target) {

    public static final int SCHEMA_VERSION = 1;
    public static final String REACHED = "campaign.milestone-reached";

    public MilestoneEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(raised, "raised");
        Objects.requireNonNull(target, "target");
    }
}
