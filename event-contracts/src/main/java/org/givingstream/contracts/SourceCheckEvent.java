package org.givingstream.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * Published by donation-service on {@link Topics#SOURCE_CHECKS}, keyed by campaign id, when the comparison of a
 * giving page's own totals with what was counted from it changes: "JustGiving shows £X, we counted £Y". At-least-once;
 * consumers keep, per campaign and page, the one with the latest {@code checkedAt}.
 *
 * @param source the channel, e.g. {@code justgiving}
 * @param page the page on that channel (a JustGiving short name: letters, digits and hyphens)
 * @param theirs the page's own total of money raised online
 * @param ours what was counted from the page, in the same currency
 * @param agrees whether the two are within the configured tolerance
 */
public record SourceCheckEvent(
        String eventId,
        int schemaVersion,
        String campaignId,
        String source,
        String page,
        Money theirs,
        Money ours,
        boolean agrees,
        Instant checkedAt) {

    public static final int SCHEMA_VERSION = 1;

    public SourceCheckEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(theirs, "theirs");
        Objects.requireNonNull(ours, "ours");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }
}
