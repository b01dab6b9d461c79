package org.givingstream.notification.receipt;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.givingstream.notification.receipt.Notification.Status;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The {@code notifications} collection. Every change is one single-document write, guarded by the status it
 * expects, so it holds on MongoDB without transactions and with several instances.
 */
@Component
class NotificationStore {

    private final MongoTemplate mongo;
    private final ReceiptProperties properties;
    private final Clock clock;

    NotificationStore(MongoTemplate mongo, ReceiptProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Claims a notification. Effectively-once: the unique {@code _id} lets exactly one claim per donation (event,
     * milestone) and kind in; a redelivered event finds the claim and gets it back instead.
     *
     * @return empty when this call claimed it, otherwise the existing claim
     */
    Optional<Notification> claim(Notification claim) {
        try {
            mongo.insert(claim);
            return Optional.empty();
        } catch (DuplicateKeyException duplicate) {
            return Optional.ofNullable(mongo.findById(claim.id(), Notification.class));
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
                .set(Notification.RECIPIENT_KEY, Notification.recipientKey(to));
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
