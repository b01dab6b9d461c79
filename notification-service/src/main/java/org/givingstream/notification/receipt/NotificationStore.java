package org.givingstream.notification.receipt;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.bulk.BulkWriteError;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.givingstream.notification.receipt.Notification.Status;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The {@code notifications} collection. Every change is one single-document write, guarded by the status it
 * expects (a batch's claims are one unordered bulk of single-document inserts, each succeeding or colliding on its
 * own), so it holds on MongoDB without transactions and with several instances.
 */
@Component
class NotificationStore {

    private static final int DUPLICATE_KEY = 11000;
    private static final String COLLECTION = "notifications";

    private final MongoTemplate mongo;
    private final ReceiptProperties properties;
    private final Clock clock;

    NotificationStore(MongoTemplate mongo, ReceiptProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Claims a batch of notifications with ONE unordered bulk insert. Effectively-once: the unique {@code _id} lets
     * exactly one claim per donation (event, milestone) and kind in; for a redelivered event the insert fails with a
     * duplicate key, which here means "already claimed", and its status is read back (one query, only when there are
     * duplicates). Unordered: one duplicate does not stop the others.
     *
     * @return which were claimed now and the status of those claimed before
     * @throws UnclaimableException when one could not be inserted for another reason than a duplicate key (its index)
     * @throws org.springframework.dao.DataAccessResourceFailureException when MongoDB cannot be reached
     */
    Claims claimAll(List<Notification> claims) {
        if (claims.isEmpty()) {
            return new Claims(List.of(), Map.of());
        }
        List<BulkWriteError> errors;
        try {
            mongo.bulkOps(BulkMode.UNORDERED, Notification.class).insert(claims).execute();
            return new Claims(claims, Map.of());
        } catch (BulkOperationException failed) {
            errors = failed.getErrors();
            Optional<BulkWriteError> other =
                    errors.stream().filter(e -> e.getCode() != DUPLICATE_KEY).findFirst();
            if (other.isPresent()) {
                throw new UnclaimableException(other.get().getIndex(), other.get().getMessage(), failed);
            }
        }
        Set<Integer> duplicates = errors.stream().map(BulkWriteError::getIndex).collect(Collectors.toSet());
        List<Notification> claimed = new ArrayList<>(claims.size() - duplicates.size());
        List<String> existing = new ArrayList<>(duplicates.size());
        for (int i = 0; i < claims.size(); i++) {
            if (duplicates.contains(i)) {
                existing.add(claims.get(i).id());
            } else {
                claimed.add(claims.get(i));
            }
        }
        Query statusOnly = query(where("_id").in(existing));
        statusOnly.fields().include(Notification.STATUS);
        Map<String, Status> before = mongo.find(statusOnly, org.bson.Document.class, COLLECTION).stream()
                .collect(Collectors.toMap(d -> d.getString("_id"), d -> Status.valueOf(d.getString(Notification.STATUS))));
        return new Claims(claimed, before);
    }

    /**
     * @param claimed inserted by this call
     * @param existing the status of each one that was claimed before (by id); a claim missing from both was claimed
     *     before and is gone since (not a case this service creates)
     */
    record Claims(List<Notification> claimed, Map<String, Status> existing) {}

    /** A claim MongoDB refused for another reason than a duplicate key: retrying the batch as it is cannot help. */
    static final class UnclaimableException extends RuntimeException {

        private final int index;

        UnclaimableException(int index, String reason, Throwable cause) {
            super("Claim " + index + " of the batch was refused: " + reason, cause);
            this.index = index;
        }

        int index() {
            return index;
        }
    }

    Notification find(String id) {
        return mongo.findById(id, Notification.class);
    }

    /** The due PENDING notifications, the longest waiting first. */
    List<Notification> due(int limit) {
        return mongo.find(due(clock.instant()).with(Sort.by(Notification.QUEUED_AT)).limit(limit), Notification.class);
    }

    /**
     * Takes an attempt of a due PENDING notification. At most one caller wins: the guard and the lease are one
     * single-document findAndModify, so senders on several instances never send one notification concurrently.
     */
    Optional<Notification> takeAttempt(String id) {
        Instant now = clock.instant();
        Update lease = new Update()
                .set(Notification.LAST_ATTEMPT_AT, now)
                .set(Notification.NEXT_ATTEMPT_AT, now.plus(properties.attemptTimeout()));
        return Optional.ofNullable(mongo.findAndModify(
                due(now).addCriteria(where("_id").is(id)),
                lease,
                FindAndModifyOptions.options().returnNew(true),
                Notification.class));
    }

    void markSent(Notification notification, String to) {
        Update sent = new Update()
                .set(Notification.STATUS, Status.SENT)
                .set(Notification.SENT_AT, clock.instant())
                .set(Notification.TO, to)
                .set(Notification.RECIPIENT_KEY, Notification.recipientKey(to))
                .unset(Notification.LINK_TOKEN); // an address check's secret lives only until its mail is out
        mongo.updateFirst(pendingById(notification.id()), sent, Notification.class);
    }

    /** A failed round: counted, and due again after the retry delay. */
    void recordFailure(Notification notification, String error) {
        Update failed = new Update()
                .inc(Notification.ATTEMPTS, 1)
                .set(Notification.LAST_ERROR, error)
                .set(Notification.NEXT_ATTEMPT_AT, clock.instant().plus(properties.retryDelay()));
        mongo.updateFirst(pendingById(notification.id()), failed, Notification.class);
    }

    /** Final: no more attempts. */
    void markFailed(Notification notification, String error, boolean attempted) {
        Update failed = new Update()
                .set(Notification.STATUS, Status.FAILED)
                .set(Notification.FAILED_AT, clock.instant())
                .set(Notification.LAST_ERROR, error)
                .unset(Notification.NEXT_ATTEMPT_AT);
        if (attempted) {
            failed.inc(Notification.ATTEMPTS, 1);
        }
        mongo.updateFirst(pendingById(notification.id()), failed, Notification.class);
    }

    /** Not tried (nothing to count): due again at {@code until}. */
    void postpone(Notification notification, String reason, Instant until) {
        Update later = new Update().set(Notification.LAST_ERROR, reason).set(Notification.NEXT_ATTEMPT_AT, until);
        mongo.updateFirst(pendingById(notification.id()), later, Notification.class);
    }

    /** Makes a campaign's waiting notifications due now, e.g. because its details or its organiser arrived. */
    long wakeWaitingFor(String campaignId) {
        Instant now = clock.instant();
        Query waiting = query(where(Notification.CAMPAIGN_ID)
                .is(campaignId)
                .and(Notification.STATUS)
                .is(Status.PENDING)
                .and(Notification.NEXT_ATTEMPT_AT)
                .gt(now)
                .and(Notification.LAST_ERROR)
                .regex("^waiting for"));
        return mongo.updateMulti(waiting, new Update().set(Notification.NEXT_ATTEMPT_AT, now), Notification.class)
                .getModifiedCount();
    }

    /** The address check whose link carries the token with this hash, sent or not; empty when there is none. */
    Optional<Notification> addressCheckWithLink(String tokenHash) {
        return Optional.ofNullable(mongo.findOne(
                query(where(Notification.LINK_TOKEN_HASH).is(tokenHash).and(Notification.KIND).is(Notification.ADDRESS_CHECK)),
                Notification.class));
    }

    long pending() {
        return mongo.count(query(where(Notification.STATUS).is(Status.PENDING)), Notification.class);
    }

    /** When the longest waiting PENDING notification was queued; empty when none waits. */
    Optional<Instant> oldestPending() {
        Query oldest = query(where(Notification.STATUS).is(Status.PENDING))
                .with(Sort.by(Notification.QUEUED_AT))
                .limit(1);
        return Optional.ofNullable(mongo.findOne(oldest, Notification.class)).map(Notification::queuedAt);
    }

    List<Notification> byDonation(String donationId) {
        return mongo.find(
                query(where(Notification.DONATION_ID).is(donationId)).with(Sort.by(Notification.QUEUED_AT)),
                Notification.class);
    }

    List<Notification> byRecipient(String address, int limit) {
        return mongo.find(
                query(where(Notification.RECIPIENT_KEY).is(Notification.recipientKey(address)))
                        .with(Sort.by(Sort.Direction.DESC, Notification.QUEUED_AT))
                        .limit(limit),
                Notification.class);
    }

    /**
     * Queues a deliberate resend of a SENT or FAILED notification: same receipt number, a new Message-ID (see
     * {@link Notification#messageIdOfResend}). Guarded by the resend count read, so two concurrent requests
     * give one resend, not two.
     *
     * @return the queued notification, or empty when it was not SENT or FAILED (already on its way) any more
     */
    Optional<Notification> resend(Notification current) {
        Instant now = clock.instant();
        int resend = current.resends() + 1;
        Query finished = query(where("_id")
                .is(current.id())
                .and(Notification.STATUS)
                .in(Status.SENT, Status.FAILED)
                .and(Notification.RESENDS)
                .is(current.resends()));
        Update again = new Update()
                .set(Notification.STATUS, Status.PENDING)
                .set(Notification.RESENDS, resend)
                .set(Notification.MESSAGE_ID, current.messageIdOfResend(resend))
                .set(Notification.ATTEMPTS, 0)
                .set(Notification.QUEUED_AT, now)
                .set(Notification.NEXT_ATTEMPT_AT, now)
                .unset(Notification.LAST_ERROR)
                .unset(Notification.SENT_AT)
                .unset(Notification.FAILED_AT);
        return Optional.ofNullable(mongo.findAndModify(
                finished, again, FindAndModifyOptions.options().returnNew(true), Notification.class));
    }

    private static Query due(Instant now) {
        return query(where(Notification.STATUS).is(Status.PENDING).and(Notification.NEXT_ATTEMPT_AT).lte(now));
    }

    private static Query pendingById(String id) {
        return query(where("_id").is(id).and(Notification.STATUS).is(Status.PENDING));
    }
}
