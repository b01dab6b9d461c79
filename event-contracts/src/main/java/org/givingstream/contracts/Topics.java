package org.givingstream.contracts;

/** Kafka topic names shared by the services. */
public final class Topics {

    /** {@link DonationEvent}s, keyed by campaign id. */
    public static final String DONATIONS = "giving.donations.v1";

    /** Events no consumer could process (malformed, unknown campaign), kept for inspection and replay. */
    public static final String DONATIONS_DLQ = "giving.donations.v1.dlq";

    /** {@link CampaignEvent}s, keyed by campaign id: the campaigns other services may accept money for. */
    public static final String CAMPAIGNS = "giving.campaigns.v1";

    /** {@link MilestoneEvent}s, keyed by campaign id: one per campaign and threshold. */
    public static final String MILESTONES = "giving.milestones.v1";

    /** {@link SourceCheckEvent}s, keyed by campaign id: a giving page's totals against what was counted from it. */
    public static final String SOURCE_CHECKS = "giving.source-checks.v1";

    /** Source checks campaign-service could not apply (unreadable), kept for inspection. */
    public static final String SOURCE_CHECKS_DLQ = "giving.source-checks.v1.dlq";

    private Topics() {}
}
