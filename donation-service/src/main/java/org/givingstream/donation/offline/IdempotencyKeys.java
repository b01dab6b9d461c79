package org.givingstream.donation.offline;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.givingstream.donation.offline.IdempotencyKey.StoredResponse;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Idempotency-Keys honoured as Stripe's API does: the first answer to a key is replayed to every retry of the same
 * request; the same key with another request is refused, and so is a retry while the first is still running.
 *
 * <p>Guarantee: at most one donation per key. The key is claimed by an insert on its unique {@code _id} BEFORE the
 * ledger write, so of two concurrent requests exactly one proceeds. The donation id is fixed in the claim: if the
 * claimant crashes between the ledger write and storing its answer, a retry after the lock timeout takes the claim
 * over and records the SAME donation id, which the ledger deduplicates, so a crash can delay an answer (409 until
 * the lock times out) but never count the money twice. Every step is one single-document write, as MongoDB without
 * transactions allows. Keys are forgotten after their lifetime: by the TTL index on MongoDB, and on reading (the
 * test stand-in has no TTL).
 */
@Component
class IdempotencyKeys {

    private static final int MAX_ATTEMPTS = 5;

    private final MongoTemplate mongo;
    private final OfflineProperties properties;
    private final Clock clock;

    IdempotencyKeys(MongoTemplate mongo, OfflineProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /** What {@link #claim} gives: the right to do the request, or the answer a previous request already gave. */
    sealed interface Claim {

        record Granted(IdempotencyKey key) implements Claim {}

        record Replay(StoredResponse response) implements Claim {}
    }

    /** The stored id of a key: keys are scoped (per organiser), so two clients choosing the same key never meet. */
    static String id(String scope, String key) {
        return scope + "|" + key;
    }

    /**
     * Looks the key up without claiming it, so a retry is answered before its body is checked again.
     *
     * @return the answer to replay; empty when the key is free or may be taken over
     * @throws IdempotencyConflict when the key belongs to another request, or its request is still running
     */
    Optional<StoredResponse> earlierAnswer(String id, String requestHash) {
        IdempotencyKey existing = mongo.findById(id, IdempotencyKey.class);
        Instant now = clock.instant();
        if (existing == null || existing.expired(now)) {
            return Optional.empty();
        }
        requireSameRequest(existing, requestHash);
        if (existing.completed()) {
            return Optional.of(existing.response());
        }
        if (existing.locked(now)) {
            throw new IdempotencyConflict(IdempotencyConflict.Reason.IN_FLIGHT);
        }
        return Optional.empty();
    }

    /**
     * Claims the key for this request: a fresh claim with a new donation id, or the take-over of a claim whose
     * holder stopped (crashed) more than the lock timeout ago, keeping its donation id.
     *
     * @throws IdempotencyConflict as {@link #earlierAnswer}
     */
    Claim claim(String id, String requestHash, Supplier<String> newDonationId) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            IdempotencyKey existing = mongo.findById(id, IdempotencyKey.class);
            if (existing != null && existing.expired(now)) {
                forget(existing);
                existing = null;
            }
            if (existing == null) {
                IdempotencyKey claim = new IdempotencyKey(
                        id,
                        requestHash,
                        newDonationId.get(),
                        now,
                        now.plus(properties.idempotencyLockTimeout()),
                        now.plus(properties.idempotencyKeyLifetime()),
                        null);
                try {
                    mongo.insert(claim); // the unique _id lets one claim in
                    return new Claim.Granted(claim);
                } catch (DuplicateKeyException concurrentClaim) {
                    continue;
                }
            }
            requireSameRequest(existing, requestHash);
            if (existing.completed()) {
                return new Claim.Replay(existing.response());
            }
            if (existing.locked(now)) {
                throw new IdempotencyConflict(IdempotencyConflict.Reason.IN_FLIGHT);
            }
            Optional<IdempotencyKey> taken = takeOver(existing, now);
            if (taken.isPresent()) {
                return new Claim.Granted(taken.get());
            }
        }
        throw new IdempotencyConflict(IdempotencyConflict.Reason.IN_FLIGHT);
    }

    /** Stores the answer; from now on every retry gets it. */
    void complete(IdempotencyKey claim, StoredResponse response) {
        mongo.updateFirst(inFlight(claim), new Update().set(IdempotencyKey.RESPONSE, response), IdempotencyKey.class);
    }

    /**
     * Unlocks a claim whose request failed, so the client's retry may take it over at once. The claim (and its
     * donation id) stays: the ledger write may have happened before the failure, and the retry must not repeat it.
     */
    void release(IdempotencyKey claim) {
        mongo.updateFirst(
                inFlight(claim), new Update().set(IdempotencyKey.LOCKED_UNTIL, clock.instant()), IdempotencyKey.class);
    }

    /** Only one of several concurrent take-overs wins: the lock guard and the new lock are one findAndModify. */
    private Optional<IdempotencyKey> takeOver(IdempotencyKey stale, Instant now) {
        Query staleClaim =
                inFlight(stale).addCriteria(where(IdempotencyKey.LOCKED_UNTIL).lte(now));
        Update lock = new Update().set(IdempotencyKey.LOCKED_UNTIL, now.plus(properties.idempotencyLockTimeout()));
        return Optional.ofNullable(mongo.findAndModify(
                staleClaim, lock, FindAndModifyOptions.options().returnNew(true), IdempotencyKey.class));
    }

    /** Removes an expired key, unless someone replaced it meanwhile. */
    private void forget(IdempotencyKey expired) {
        mongo.remove(
                query(where("_id")
                        .is(expired.id())
                        .and(IdempotencyKey.EXPIRES_AT)
                        .is(expired.expiresAt())),
                IdempotencyKey.class);
    }

    private static Query inFlight(IdempotencyKey claim) {
        return query(where("_id")
                .is(claim.id())
                .and(IdempotencyKey.DONATION_ID)
                .is(claim.donationId())
                .and(IdempotencyKey.RESPONSE)
                .is(null));
    }

    private static void requireSameRequest(IdempotencyKey existing, String requestHash) {
        if (!existing.requestHash().equals(requestHash)) {
            throw new IdempotencyConflict(IdempotencyConflict.Reason.OTHER_REQUEST);
        }
    }
}
