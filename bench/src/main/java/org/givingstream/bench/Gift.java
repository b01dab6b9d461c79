package org.givingstream.bench;

/**
 * One donation the benchmark makes, in pence.
 *
 * @param email null for a donor who gave no address (no receipt is owed)
 */
record Gift(String paymentIntent, String campaignId, long amount, String donorName, String email, boolean giftAid) {}
