package org.givingstream.contracts;

import java.util.List;

/**
 * Every Kafka topic name of the platform, in one list: the services' YAML, docs/asyncapi.yaml, the bench and the
 * tests are checked against it ({@code TopicsAreOneListTest}).
 */
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

    /** Records of {@link #DONATIONS}, {@link #MILESTONES} and {@link #CAMPAIGNS} notification-service could not read. */
    public static final String NOTIFICATIONS_DLQ_SUFFIX = ".notifications.dlq";

    public static final String DONATIONS_NOTIFICATIONS_DLQ = DONATIONS + NOTIFICATIONS_DLQ_SUFFIX;
    public static final String MILESTONES_NOTIFICATIONS_DLQ = MILESTONES + NOTIFICATIONS_DLQ_SUFFIX;
    public static final String CAMPAIGNS_NOTIFICATIONS_DLQ = CAMPAIGNS + NOTIFICATIONS_DLQ_SUFFIX;

    /**
     * donation-service's intake log: verified provider events, before the ledger. Private to that service (no other
     * reads it, and it is no contract), listed here only so that one list names every topic.
     */
    public static final String DONATION_INTAKE = "giving.donation-intake.v1";

    /** Intake records the ledger can never apply, for a person; private to donation-service like its log. */
    public static final String DONATION_INTAKE_DLQ = DONATION_INTAKE + ".dlq";

    /** The topics between services: each is a channel of docs/asyncapi.yaml. */
    public static List<String> shared() {
        return List.of(
                DONATIONS,
                DONATIONS_DLQ,
                CAMPAIGNS,
                MILESTONES,
                SOURCE_CHECKS,
                SOURCE_CHECKS_DLQ,
                DONATIONS_NOTIFICATIONS_DLQ,
                MILESTONES_NOTIFICATIONS_DLQ,
                CAMPAIGNS_NOTIFICATIONS_DLQ);
    }

    /** Every topic, shared or private to one service. */
    public static List<String> all() {
        return List.of(
                DONATIONS,
                DONATIONS_DLQ,
                CAMPAIGNS,
                MILESTONES,
                SOURCE_CHECKS,
                SOURCE_CHECKS_DLQ,
                DONATIONS_NOTIFICATIONS_DLQ,
                MILESTONES_NOTIFICATIONS_DLQ,
                CAMPAIGNS_NOTIFICATIONS_DLQ,
                DONATION_INTAKE,
                DONATION_INTAKE_DLQ);
    }

    private Topics() {}
}
