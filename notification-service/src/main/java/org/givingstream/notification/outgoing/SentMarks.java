package org.givingstream.notification.outgoing;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.givingstream.notification.outgoing.Notification.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Marks sent notifications SENT in batches: the senders {@link #add} a mark as the SMTP server accepts each mail, and
 * {@link #flush} writes what has gathered as ONE unordered bulk of single-document updates (plain BSON, no mapping),
 * instead of one round trip per mail. The drain flushes when a round's sends are done, every
 * {@code mark-flush-interval} and when it stops.
 *
 * <p>The guarantee, and what batching costs: a mark is written after the SMTP server accepted the mail, so a crash
 * in between loses the marks not yet flushed (up to one round's, rather than one) and those notifications stay
 * PENDING under their lease; when it runs out ({@code attempt-timeout}) they are sent once more, with the same
 * Message-ID, which mail clients collapse. At least once, with a stable Message-ID. A flush that fails (MongoDB away)
 * keeps its marks and the next flush tries them again, so nothing is lost silently; if MongoDB stays away longer
 * than the lease, the resend happens all the same, as stated.
 *
 * <p>Each update is guarded by {@code _id}, PENDING and the Message-ID that was sent: applying a mark twice, or after
 * the notification was finished (or resent deliberately) otherwise, changes nothing.
 */
@Component
class SentMarks {

    private static final Logger log = LoggerFactory.getLogger(SentMarks.class);
    private static final String COLLECTION = "notifications";
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoTemplate mongo;
    private final ConcurrentLinkedQueue<SentMark> pending = new ConcurrentLinkedQueue<>();
    // one flush at a time; a flush asked for while one runs is left to the next (see flush)
    private final ReentrantLock flushing = new ReentrantLock();
    private int failedFlushes;

    SentMarks(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void add(SentMark mark) {
        pending.add(mark);
    }

    /** Marks waiting to be written, including those of failed flushes. */
    int pending() {
        return pending.size();
    }

    /**
     * Writes the marks gathered so far, unless a flush is running already (its caller's marks are then left to the
     * next one, at most {@code mark-flush-interval} later). Never throws: a failure keeps the marks for the next.
     *
     * @return how many notifications this flush changed to SENT
     */
    long flush() {
        if (!flushing.tryLock()) {
            return 0;
        }
        try {
            return write();
        } finally {
            flushing.unlock();
        }
    }

    /** Writes the marks gathered so far, waiting for a running flush first: for stopping. */
    long flushWaiting() {
        flushing.lock();
        try {
            return write();
        } finally {
            flushing.unlock();
        }
    }

    private long write() {
        List<SentMark> marks = new ArrayList<>();
        for (SentMark mark; (mark = pending.poll()) != null; ) {
            marks.add(mark);
        }
        if (marks.isEmpty()) {
            return 0;
        }
        try {
            long marked = collection()
                    .bulkWrite(marks.stream().map(SentMarks::update).toList(), UNORDERED)
                    .getModifiedCount();
            succeeded(marks.size(), marked);
            return marked;
        } catch (MongoBulkWriteException partly) {
            // unordered: the others were applied; only the refused ones are kept (none is expected: no unique field)
            List<BulkWriteError> errors = partly.getWriteErrors();
            errors.forEach(error -> pending.add(marks.get(error.getIndex())));
            failed(marks.size(), errors.size(), partly);
            return partly.getWriteResult().getModifiedCount();
        } catch (RuntimeException e) {
            pending.addAll(marks); // applying one again is harmless: guarded by PENDING and the Message-ID
            failed(marks.size(), marks.size(), e);
            return 0;
        }
    }

    private void succeeded(int marks, long marked) {
        if (failedFlushes > 0) {
            log.info(
                    "SENT marks written again after {} failed flushes: {} marks, {} notifications marked",
                    failedFlushes,
                    marks,
                    marked);
            failedFlushes = 0;
        } else {
            log.debug("SENT marks written: {} marks, {} notifications marked", marks, marked);
        }
    }

    private void failed(int marks, int kept, RuntimeException e) {
        failedFlushes++;
        // the first failure in full; then a reminder now and then rather than every flush interval
        if (failedFlushes == 1) {
            log.warn(
                    "Could not write {} SENT marks; kept {} to try again ({} waiting)", marks, kept, pending.size(), e);
        } else if (failedFlushes % 25 == 0) {
            log.warn(
                    "Still cannot write SENT marks after {} flushes ({} waiting): {}",
                    failedFlushes,
                    pending.size(),
                    e.toString());
        }
    }

    private static UpdateOneModel<Document> update(SentMark mark) {
        Document stillPending = new Document("_id", mark.id())
                .append(Notification.STATUS, Status.PENDING.name())
                .append(Notification.MESSAGE_ID, mark.messageId());
        // the types Spring Data writes for Notification: the status by name, instants as BSON dates
        Document sent = new Document(
                        "$set",
                        new Document(Notification.STATUS, Status.SENT.name())
                                .append(Notification.SENT_AT, Date.from(mark.sentAt()))
                                .append(Notification.TO, mark.to())
                                .append(Notification.RECIPIENT_KEY, Notification.recipientKey(mark.to())))
                // an address check's secret lives only until its mail is out
                .append("$unset", new Document(Notification.LINK_TOKEN, ""));
        return new UpdateOneModel<>(stillPending, sent);
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
