package org.givingstream.notification.outgoing;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.givingstream.notification.outgoing.Notification.Status;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The {@code notifications} collection. Every change is a single-document write, guarded by the status it
 * expects (a batch's claims are one unordered bulk of single-document inserts, each succeeding or colliding on its
 * own; a round's leases are one updateMany, atomic per document; SENT marks are written by {@link SentMarks}), so
 * it holds on MongoDB without transactions and with several instances.
 */
@Component
public class NotificationStore {

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
    public Claims claimAll(List<Notification> claims) {
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
                throw new UnclaimableException(
                        other.get().getIndex(), other.get().getMessage(), failed);
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
        Map<String, Status> before = mongo.find(statusOnly, Document.class, COLLECTION).stream()
                .collect(Collectors.toMap(
                        d -> d.getString("_id"), d -> Status.valueOf(d.getString(Notification.STATUS))));
        return new Claims(claimed, before);
    }

    /**
     * @param claimed inserted by this call
     * @param existing the status of each one that was claimed before (by id); a claim missing from both was claimed
     *     before and is gone since (not a case this service creates)
     */
    public record Claims(List<Notification> claimed, Map<String, Status> existing) {}

    /** A claim MongoDB refused for another reason than a duplicate key: retrying the batch as it is cannot help. */
    public static final class UnclaimableException extends RuntimeException {

        private final int index;

        UnclaimableException(int index, String reason, Throwable cause) {
            super("Claim " + index + " of the batch was refused: " + reason, cause);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    public Notification find(String id) {
        return mongo.findById(id, Notification.class);
    }

    /**
     * The ids of the due PENDING notifications, the longest waiting first: only the ids, read as plain documents
     * (the drain takes them with {@link #takeAttempts} and reads whole what it won).
     */
    List<String> dueIds(int limit) {
        Document due = new Document(Notification.STATUS, Status.PENDING.name())
                .append(Notification.NEXT_ATTEMPT_AT, new Document("$lte", Date.from(clock.instant())));
        return collection()
                .find(due)
                .projection(new Document("_id", 1))
                .sort(new Document(Notification.QUEUED_AT, 1))
                .limit(limit)
                .map(d -> d.getString("_id"))
                .into(new ArrayList<>(limit));
    }

    /**
     * Takes the attempts of those of {@code ids} that are still due, for one drain round: ONE updateMany leases them
     * to {@code leaseToken} (and {@code attemptTimeout} ahead), ONE find reads back the ones carrying the token.
     * Each document's update is atomic and guarded by PENDING and {@code nextAttemptAt <= now}, and a lease moves
     * {@code nextAttemptAt} into the future, so of several rounds (on several instances) racing for one notification
     * exactly one wins it; the others' guard no longer matches. A round's token is random, so the find returns only
     * this round's winners.
     *
     * @return the won notifications as they are now (leased), the longest waiting first
     */
    List<Notification> takeAttempts(List<String> ids, String leaseToken) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Document stillDue = new Document("_id", new Document("$in", ids))
                .append(Notification.STATUS, Status.PENDING.name())
                .append(Notification.NEXT_ATTEMPT_AT, new Document("$lte", Date.from(now)));
        Document lease = new Document(
                "$set",
                new Document(Notification.LAST_ATTEMPT_AT, Date.from(now))
                        .append(Notification.NEXT_ATTEMPT_AT, Date.from(now.plus(properties.attemptTimeout())))
                        .append(Notification.LEASE_TOKEN, leaseToken));
        if (collection().updateMany(stillDue, lease).getModifiedCount() == 0) {
            return List.of(); // all taken by others meanwhile: no need to look
        }
        // by _id first, so that a server without the due index (the stand-in) looks up ids rather than scanning
        return mongo.find(
                query(where("_id").in(ids).and(Notification.LEASE_TOKEN).is(leaseToken))
                        .with(Sort.by(Notification.QUEUED_AT)),
                Notification.class);
    }

    /**
     * Gives back leases this round took but will not use (stopping, the breaker opened, or the lease would run short),
     * so they are due at once instead of when the lease runs out. Guarded by the token: a lease that ran out and was
     * taken by someone else is theirs.
     */
    void release(List<String> ids, String leaseToken) {
        if (ids.isEmpty()) {
            return;
        }
        Document ours = new Document("_id", new Document("$in", ids))
                .append(Notification.STATUS, Status.PENDING.name())
                .append(Notification.LEASE_TOKEN, leaseToken);
        collection()
                .updateMany(
                        ours,
                        new Document("$set", new Document(Notification.NEXT_ATTEMPT_AT, Date.from(clock.instant()))));
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

    /**
     * Not tried (nothing to count): due again at {@code until}. The lease ends here (the attempt is over), which is
     * what lets {@link #wakeWaitingFor} tell a waiting notification from one that a round is sending.
     */
    void postpone(Notification notification, String reason, Instant until) {
        Update later = new Update()
                .set(Notification.LAST_ERROR, reason)
                .set(Notification.NEXT_ATTEMPT_AT, until)
                .unset(Notification.LEASE_TOKEN);
        mongo.updateFirst(pendingById(notification.id()), later, Notification.class);
    }

    /**
     * Makes a campaign's waiting notifications due now, e.g. because its details or its organiser arrived.
     *
     * <p>Only those postponed and not taken since: a notification a round has taken still carries its last "waiting
     * for" reason until it is marked, and making it due again would let a second round send it while the first one
     * does (seen: an organiser following the address check's link twice got the milestone twice).
     */
    long wakeWaitingFor(String campaignId) {
        Instant now = clock.instant();
        Query waiting = query(where(Notification.CAMPAIGN_ID)
                .is(campaignId)
                .and(Notification.STATUS)
                .is(Status.PENDING)
                .and(Notification.NEXT_ATTEMPT_AT)
                .gt(now)
                .and(Notification.LAST_ERROR)
                .regex("^waiting for")
                .and(Notification.LEASE_TOKEN)
                .exists(false));
        return mongo.updateMulti(waiting, new Update().set(Notification.NEXT_ATTEMPT_AT, now), Notification.class)
                .getModifiedCount();
    }

    /** The address check whose link carries the token with this hash, sent or not; empty when there is none. */
    Optional<Notification> addressCheckWithLink(String tokenHash) {
        return Optional.ofNullable(mongo.findOne(
                query(where(Notification.LINK_TOKEN_HASH)
                        .is(tokenHash)
                        .and(Notification.KIND)
                        .is(Notification.ADDRESS_CHECK)),
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

    /** How many of a campaign's receipts are in {@code status} (the campaign_receipts index answers it). */
    public long receiptsOf(String campaignId, Notification.Status status) {
        return mongo.count(
                query(where(Notification.CAMPAIGN_ID)
                        .is(campaignId)
                        .and(Notification.KIND)
                        .is(Notification.RECEIPT)
                        .and(Notification.STATUS)
                        .is(status)),
                Notification.class);
    }

    public List<Notification> byDonation(String donationId) {
        return mongo.find(
                query(where(Notification.DONATION_ID).is(donationId)).with(Sort.by(Notification.QUEUED_AT)),
                Notification.class);
    }

    public List<Notification> byRecipient(String address, int limit) {
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
    public Optional<Notification> resend(Notification current) {
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

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    private static Query pendingById(String id) {
        return query(where("_id").is(id).and(Notification.STATUS).is(Status.PENDING));
    }
}
