package org.givingstream.donation.ledger;

/**
 * Told the id of each donation the ledger has just written with events still to publish, so that publishing starts
 * at once. The outbox relay listens; the ledger owns this interface so that it depends on nothing of the outbox
 * (the outbox reads the ledger's documents, not the other way round). A missed call loses nothing: the relay's
 * sweep finds every pending donation.
 */
@FunctionalInterface
public interface UnpublishedEvents {

    void written(String donationId);
}
