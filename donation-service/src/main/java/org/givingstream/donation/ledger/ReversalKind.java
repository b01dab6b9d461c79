package org.givingstream.donation.ledger;

import org.givingstream.contracts.DonationEventTypes;

/** Why money goes back out, and the event type that tells the other services. */
public enum ReversalKind {
    REFUND(DonationEventTypes.REFUNDED),
    CHARGEBACK(DonationEventTypes.CHARGED_BACK);

    private final String eventType;

    ReversalKind(String eventType) {
        this.eventType = eventType;
    }

    public String eventType() {
        return eventType;
    }
}
