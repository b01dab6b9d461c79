package org.givingstream.contracts;

/** The values of {@link DonationEvent#type()}. */
public final class DonationEventTypes {

    /** A payment succeeded: the amount counts towards the campaign and the donor gets a receipt. */
    public static final String RECEIVED = "donation.received";

    private DonationEventTypes() {}
}
