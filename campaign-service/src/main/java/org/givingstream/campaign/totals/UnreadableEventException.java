package org.givingstream.campaign.totals;

/**
 * A record on the donations topic that is not a readable {@code DonationEvent} (broken JSON, required fields
 * missing). Retrying cannot help: it is dead-lettered at once, as configured in application.yml.
 */
class UnreadableEventException extends RuntimeException {

    UnreadableEventException(int partition, long offset) {
        super("Record " + partition + "-" + offset + " is not a readable donation event");
    }
}
