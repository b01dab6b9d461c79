package org.givingstream.donation.webhook.gocardless;

import org.givingstream.donation.ledger.IncomingReversal;
import org.givingstream.donation.ledger.LedgerEntry;

/** What one GoCardless event asks of the ledger. */
sealed interface GoCardlessStep {

    String eventId();

    /** {@code resource_type.action}, e.g. {@code payments.confirmed}: the metric tag and what the logs say. */
    String type();

    record Record(String eventId, String type, LedgerEntry entry) implements GoCardlessStep {}

    /**
     * {@code payments.failed}: money goes back only if the payment was confirmed (so counted) BEFORE it failed, a
     * late failure. A failure before confirmation had no money to take back, and is not parked as a reversal:
     * GoCardless may retry the same payment (same {@code PM} id), and a parked reversal would cancel that retry once
     * it is confirmed. Comparing the instants also keeps a redelivered failure of an earlier attempt harmless.
     */
    record ReverseIfConfirmedBefore(String eventId, String type, IncomingReversal reversal) implements GoCardlessStep {}

    /** Acknowledged and counted, nothing recorded. */
    record Ignore(String eventId, String type, String why) implements GoCardlessStep {}
}
