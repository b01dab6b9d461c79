package org.givingstream.donation.offline;

/** A retry that cannot be answered from its Idempotency-Key. */
class IdempotencyConflict extends RuntimeException {

    enum Reason {
        /** The first request with this key is still running (or crashed less than the lock timeout ago). */
        IN_FLIGHT,
        /** The key was used before for a different request. */
        OTHER_REQUEST
    }

    private final Reason reason;

    IdempotencyConflict(Reason reason) {
        super("Idempotency-Key conflict: " + reason);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
