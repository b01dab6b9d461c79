package org.givingstream.donation.offline;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One Idempotency-Key as a client used it: claimed while its request runs, then holding the answer to replay.
 *
 * @param id scope and key, see {@link IdempotencyKeys#id}
 * @param requestHash SHA-256 of the request (campaign and raw body): a retry must send exactly the same
 * @param donationId fixed when the key is claimed, so that whoever finishes the request records THIS id
 * @param lockedUntil while the request is in flight, nobody else may take the key over before this instant
 * @param expiresAt after this the key is forgotten; a TTL index removes it on MongoDB (expireAfter 0 = at this date)
 * @param response null while in flight; the first answer, replayed to every retry
 */
@Document("idempotency_keys")
record IdempotencyKey(
        @Id String id,
        String requestHash,
        String donationId,
        Instant createdAt,
        Instant lockedUntil,
        @Indexed(name = "expiry", expireAfter = "0s") Instant expiresAt,
        StoredResponse response) {

    static final String REQUEST_HASH = "requestHash";
    static final String DONATION_ID = "donationId";
    static final String LOCKED_UNTIL = "lockedUntil";
    static final String EXPIRES_AT = "expiresAt";
    static final String RESPONSE = "response";

    /** The answer given to the first request, exactly as sent. */
    record StoredResponse(int status, String location, String body) {}

    boolean completed() {
        return response != null;
    }

    boolean expired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    boolean locked(Instant now) {
        return lockedUntil.isAfter(now);
    }
}
