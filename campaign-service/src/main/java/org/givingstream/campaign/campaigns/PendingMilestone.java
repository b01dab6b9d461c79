package org.givingstream.campaign.campaigns;

import java.time.Instant;

/** A milestone recorded in the campaign document and not yet acknowledged by Kafka (the campaign's outbox). */
public record PendingMilestone(int threshold, long raisedMinorUnits, Instant reachedAt) {}
