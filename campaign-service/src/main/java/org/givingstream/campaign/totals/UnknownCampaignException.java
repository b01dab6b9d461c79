package org.givingstream.campaign.totals;

/**
 * A donation event names a campaign this service does not know. Retrying cannot help, so the binding is configured
 * not to retry it: the record goes straight to the dead-letter topic and the partition moves on.
 */
class UnknownCampaignException extends RuntimeException {

    UnknownCampaignException(String campaignId, String eventId) {
        super("Donation event " + eventId + " names unknown campaign " + campaignId);
    }
}
