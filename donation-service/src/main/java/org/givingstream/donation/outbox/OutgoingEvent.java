package org.givingstream.donation.outbox;

import org.givingstream.contracts.DonationEvent;

/**
 * A pending event on its way to Kafka, with the trace it belongs to.
 *
 * @param traceparent the W3C trace context of the request that caused it; null when none was recorded
 */
record OutgoingEvent(DonationEvent event, String traceparent) {}
