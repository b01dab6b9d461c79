package org.givingstream.campaign.job;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.givingstream.campaign.job.Job.State;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Jobs in {@code jobs}, and who holds each scope in {@code job_locks} ({@code _id} = the scope, so the primary key
 * makes "one at a time" hold across instances, on MongoDB 8 and the stand-in alike). Every write a running job makes
 * is guarded by its {@code owner} (the instance running it) and its state: an instance that lost its job to another
 * one writes nothing more.
 */
@Component
class JobStore {

    static final String EVERY_CAMPAIGN = "every-campaign";
    private static final String CAMPAIGN_SCOPES = "^campaign:";
    private static final int DUPLICATE_KEY = 11000;
    private static final int ERROR_MAX = 500;
    /** A job still STARTING after this long died between taking its lock and running: its lock is free. */
    private static final long STARTING_AT_MOST_SECONDS = 60;

    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> locks;

    JobStore(MongoTemplate mongo) {
        this.jobs = mongo.getCollection("jobs");
        this.locks = mongo.getCollection("job_locks");
        jobs.createIndex(Indexes.ascending("state", "updatedAt"));
    }

    Job insert(String id, String kind, String campaignId, String owner, Instant now) {
        Document job = new Document("_id", id)
                .append("kind", kind)
                .append("campaignId", campaignId)
                .append("state", State.STARTING.name())
                .append("phase", "starting")
                .append("done", 0L)
                .append("total", 0L)
                .append("resumes", 0)
                .append("losses", 0)
                .append("resumedFrom", 0L)
                .append("handedOver", false)
                .append("owner", owner)
                .append("createdAt", Date.from(now))
                .append("updatedAt", Date.from(now))
                .append("saved", new Document());
        jobs.insertOne(job);
        return jobOf(job);
    }

    /** Its locks are held: from now on it is resumed if its instance is lost. */
    void started(String id, Instant now) {
        jobs.updateOne(
                and(eq("_id", id), eq("state", State.STARTING.name())),
                Updates.combine(Updates.set("state", State.RUNNING.name()), Updates.set("updatedAt", Date.from(now))));
    }

    /** Whether the scope's lock names this job. */
    boolean holds(String scope, String jobId) {
        return locks.countDocuments(and(eq("_id", scope), eq("jobId", jobId))) == 1;
    }

    void delete(String id) {
        jobs.deleteOne(eq("_id", id));
    }

    Job find(String id) {
        Document job = jobs.find(eq("_id", id)).first();
        return job == null ? null : jobOf(job);
    }

    /**
     * Takes the scope for {@code jobId}. A lock whose job is no longer running (its instance died between ending the
     * job and unlocking) is taken over.
     *
     * @throws JobAlreadyRunningException a running job holds the scope
     */
    void lock(String scope, String jobId) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                locks.insertOne(new Document("_id", scope).append("jobId", jobId));
                return;
            } catch (MongoWriteException e) {
                if (e.getError().getCode() != DUPLICATE_KEY) {
                    throw e;
                }
            }
            String holder = runningHolderOf(locks.find(eq("_id", scope)).first());
            if (holder != null) {
                throw new JobAlreadyRunningException(scope, holder);
            }
        }
        throw new IllegalStateException("The lock on " + scope + " kept changing hands; try again");
    }

    void unlock(String scope, String jobId) {
        locks.deleteOne(and(eq("_id", scope), eq("jobId", jobId)));
    }

    /** The running job holding {@code scope}, if any. */
    String runningHolder(String scope) {
        return runningHolderOf(locks.find(eq("_id", scope)).first());
    }

    /** A running job holding one campaign, if any. */
    String runningHolderOfAnyCampaign() {
        for (Document lock : locks.find(Filters.regex("_id", CAMPAIGN_SCOPES))) {
            String holder = runningHolderOf(lock);
            if (holder != null) {
                return holder;
            }
        }
        return null;
    }

    /** The lock's job if it still runs; otherwise deletes the leftover lock and answers null. */
    private String runningHolderOf(Document lock) {
        if (lock == null) {
            return null;
        }
        String holder = lock.getString("jobId");
        Job job = find(holder);
        if (job != null
                && (job.state() == State.RUNNING
                        || (job.state() == State.STARTING
                                && job.createdAt().isAfter(Instant.now().minusSeconds(STARTING_AT_MOST_SECONDS))))) {
            return holder;
        }
        locks.deleteOne(and(eq("_id", lock.get("_id")), eq("jobId", holder)));
        return null;
    }

    boolean progress(String id, String owner, String phase, long done, long total, Document saved, Instant now) {
        return updateOwned(
                id,
                owner,
                Updates.combine(
                        Updates.set("phase", phase),
                        Updates.set("done", done),
                        Updates.set("total", total),
                        Updates.set("saved", saved),
                        Updates.set("updatedAt", Date.from(now))));
    }

    boolean heartbeat(String id, String owner, Instant now) {
        return updateOwned(id, owner, Updates.set("updatedAt", Date.from(now)));
    }

    boolean succeed(String id, String owner, long done, long total, Document outcome, Instant now) {
        return updateOwned(
                id,
                owner,
                Updates.combine(
                        Updates.set("state", State.SUCCEEDED.name()),
                        Updates.set("done", done),
                        Updates.set("total", total),
                        Updates.set("phase", "done"),
                        Updates.set("outcome", outcome),
                        Updates.set("updatedAt", Date.from(now)),
                        Updates.set("finishedAt", Date.from(now))));
    }

    boolean fail(String id, String owner, String error, Instant now) {
        return updateOwned(id, owner, failed(error, now));
    }

    private boolean updateOwned(String id, String owner, Bson update) {
        return jobs.updateOne(and(eq("_id", id), eq("owner", owner), eq("state", State.RUNNING.name())), update)
                        .getMatchedCount()
                == 1;
    }

    /** Running jobs nobody has written since {@code before}: their instance is gone. */
    List<Job> silentSince(Instant before) {
        List<Job> silent = new ArrayList<>();
        jobs.find(and(eq("state", State.RUNNING.name()), lt("updatedAt", Date.from(before))))
                .forEach(job -> silent.add(jobOf(job)));
        return silent;
    }

    /**
     * Takes over a silent job for a new run ({@code owner}, a lease of its own); null if another instance took it
     * first or it came back to life. Counts a loss unless its instance handed it over.
     */
    Job takeOver(Job silent, String owner, Instant now) {
        Document taken = jobs.findOneAndUpdate(
                silentAsRead(silent),
                Updates.combine(
                        Updates.set("owner", owner),
                        Updates.set("updatedAt", Date.from(now)),
                        Updates.set("resumedFrom", silent.done()),
                        Updates.set("handedOver", false),
                        Updates.inc("resumes", 1),
                        Updates.inc("losses", silent.handedOver() ? 0 : 1)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return taken == null ? null : jobOf(taken);
    }

    /** A stopping instance gives its running job up at its last checkpoint: silent at once, and not a loss. */
    void handOver(String id, String owner) {
        updateOwned(
                id,
                owner,
                Updates.combine(
                        Updates.set("owner", null),
                        Updates.set("handedOver", true),
                        Updates.set("updatedAt", new Date(0))));
    }

    /** Reports a silent job failed, unless another instance took it over first. */
    boolean failSilent(Job silent, String error, Instant now) {
        return jobs.updateOne(silentAsRead(silent), failed(error, now)).getMatchedCount() == 1;
    }

    private static Bson silentAsRead(Job silent) {
        return and(
                eq("_id", silent.id()),
                eq("state", State.RUNNING.name()),
                eq("updatedAt", Date.from(silent.updatedAt())));
    }

    private static Bson failed(String error, Instant now) {
        String reason = error == null || error.isBlank() ? "failed without a message" : error;
        return Updates.combine(
                Updates.set("state", State.FAILED.name()),
                Updates.set("error", reason.length() > ERROR_MAX ? reason.substring(0, ERROR_MAX) : reason),
                Updates.set("updatedAt", Date.from(now)),
                Updates.set("finishedAt", Date.from(now)));
    }

    private static Job jobOf(Document job) {
        Document saved = job.get("saved", Document.class);
        return new Job(
                job.getString("_id"),
                job.getString("kind"),
                job.getString("campaignId"),
                State.valueOf(job.getString("state")),
                job.getString("phase"),
                job.get("done", Number.class).longValue(),
                job.get("total", Number.class).longValue(),
                job.get("resumes", Number.class).intValue(),
                number(job.get("losses")).intValue(),
                number(job.get("resumedFrom")).longValue(),
                job.getBoolean("handedOver", false),
                instant(job.getDate("createdAt")),
                instant(job.getDate("updatedAt")),
                instant(job.getDate("finishedAt")),
                saved == null ? new Document() : saved,
                job.get("outcome", Document.class),
                job.getString("error"));
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : 0;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
