package org.givingstream.donation.intake;

import org.givingstream.contracts.Topics;

/**
 * donation-service's own topics: the intake log and its dead letters. Private to this service (no other service
 * reads them); their names are in {@link Topics}, the one list of every topic.
 */
public final class IntakeTopic {

    /** Verified provider events, keyed by donation id, JSON {@link IntakeRecord}s. */
    public static final String NAME = Topics.DONATION_INTAKE;

    /** Intake records the ledger can never apply (a refund in another currency than its payment), for a person. */
    public static final String DEAD_LETTERS = Topics.DONATION_INTAKE_DLQ;

    private IntakeTopic() {}
}
