package org.givingstream.contracts;

/** The values of {@link DonationEvent#type()}. */
public final class DonationEventTypes {

    /** A payment succeeded: the amount counts towards the campaign and the donor gets a receipt. */
    public static final String RECEIVED = "donation.received";

    /**
     * Money went back to the donor by a refund, in full or in part: {@code amount} is what this refund returned
     * (not the remaining balance) and {@code providerReference} names the refund.
     */
    public static final String REFUNDED = "donation.refunded";

    /**
     * Money was taken back through the card network or the bank: a dispute lost, a PayPal reversal, a direct debit
     * chargeback. {@code amount} is what was taken back.
     */
    public static final String CHARGED_BACK = "donation.charged-back";

    private DonationEventTypes() {}
}
