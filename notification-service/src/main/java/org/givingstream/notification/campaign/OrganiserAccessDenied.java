package org.givingstream.notification.campaign;

/** Refused by {@link OrganiserAccess}. */
public class OrganiserAccessDenied extends RuntimeException {

    public enum Reason {
        /** 401 */
        NO_TOKEN,
        /** 404 */
        UNKNOWN_CAMPAIGN,
        /** 403 */
        NOT_THE_ORGANISER
    }

    private final Reason reason;
    private final String campaignId;

    OrganiserAccessDenied(Reason reason, String campaignId, String message) {
        super(message);
        this.reason = reason;
        this.campaignId = campaignId;
    }

    public Reason reason() {
        return reason;
    }

    public String campaignId() {
        return campaignId;
    }
}
