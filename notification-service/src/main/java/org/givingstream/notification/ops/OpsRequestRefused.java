package org.givingstream.notification.ops;

/** An ops API request we will not carry out, and why. */
public class OpsRequestRefused extends RuntimeException {

    public enum Reason {
        /** No valid {@code Authorization: Bearer} ops token. */
        NOT_AUTHENTICATED,
        /** No notification with that id. */
        NOT_FOUND,
        /** The notification is PENDING: already on its way, nothing to resend. */
        STILL_PENDING,
        /** The query names neither a donation nor an address, or both. */
        INVALID_QUERY
    }

    private final Reason reason;

    OpsRequestRefused(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
