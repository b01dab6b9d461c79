package org.givingstream.donation.intake;

/**
 * donation-service's own topics: the intake log and its dead letters. Private to this service (no other service
 * reads them), so they live here and not in the shared contracts.
 */
public final class IntakeTopic {

    /** Verified provider events, keyed by donation id, JSON {@link IntakeRecord}s. */
    public static final String NAME = "giving.donation-intake.v1";

    /** Intake records the ledger can never apply (a refund in another currency than its payment), for a person. */
    public static final String DEAD_LETTERS = NAME + ".dlq";

    private IntakeTopic() {}
}
