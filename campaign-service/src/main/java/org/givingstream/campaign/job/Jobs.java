package org.givingstream.campaign.job;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts background jobs, runs them on this instance's workers, and resumes those whose instance was lost.
 *
 * <p>Survives restarts: a job's state, progress and checkpoint live in MongoDB, and a running job writes there every
 * {@code heartbeat}. A stopping instance hands its jobs over at their last checkpoint; a job silent for
 * {@code stale-after} (its instance crashed) is taken over too, by the first instance with a free worker to look,
 * which runs the same work again from the job's last checkpoint. After {@code max-resumes} losses (crashes, not
 * hand-overs) it is reported failed instead, and so is a job whose lock is gone or whose kind this version does not
 * know. Each run holds a lease of its own ({@code owner}): a run that lost its job writes nothing more.
 */
@Component
public class Jobs {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    private final JobStore store;
    private final JobProperties properties;
    private final Map<String, JobWork> works;
    private final Clock clock;
    private final Semaphore workers;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("job-", 1).daemon().factory());
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    Jobs(JobStore store, JobProperties properties, List<JobWork> works) {
        this.store = store;
        this.properties = properties;
        this.works = works.stream().collect(Collectors.toUnmodifiableMap(JobWork::kind, Function.identity()));
        this.clock = Clock.systemUTC();
        this.workers = new Semaphore(properties.workers());
    }

    /**
     * Starts a job of {@code kind} on one campaign, or on every campaign when {@code campaignId} is null, and returns
     * at once with it running.
     *
     * @throws JobAlreadyRunningException a job runs on that campaign, or on every campaign, already
     * @throws NoJobWorkerFreeException this instance runs as many jobs as it may
     */
    public Job start(String kind, String campaignId) {
        JobWork work = works.get(kind);
        if (work == null) {
            throw new IllegalArgumentException("No job kind " + kind);
        }
        if (!workers.tryAcquire()) {
            throw new NoJobWorkerFreeException(properties.workers());
        }
        try {
            String lease = UUID.randomUUID().toString();
            Job job = store.insert(UUID.randomUUID().toString(), kind, campaignId, lease, clock.instant());
            lockScopes(job);
            store.started(job.id(), clock.instant());
            launch(job, work, lease);
            return store.find(job.id());
        } catch (RuntimeException e) {
            workers.release();
            throw e;
        }
    }

    /** @return null when there is no such job */
    public Job find(String id) {
        return store.find(id);
    }

    /**
     * One at a time per campaign: a campaign's job excludes a job on every campaign, and the other way round. Each
     * side locks its own scope BEFORE looking at the other, so of two racing starts at least one sees the other.
     */
    private void lockScopes(Job job) {
        try {
            store.lock(job.scope(), job.id());
        } catch (RuntimeException e) {
            store.delete(job.id());
            throw e;
        }
        String other = job.campaignId() == null
                ? store.runningHolderOfAnyCampaign()
                : store.runningHolder(JobStore.EVERY_CAMPAIGN);
        if (other != null) {
            store.unlock(job.scope(), job.id());
            store.delete(job.id());
            throw new JobAlreadyRunningException(
                    job.campaignId() == null ? "a campaign" : JobStore.EVERY_CAMPAIGN, other);
        }
    }

    /** Runs {@code job} under {@code lease} on a worker already acquired for it; the worker is released at its end. */
    private void launch(Job job, JobWork work, String lease) {
        RunningJob local = new RunningJob(job.id(), lease);
        running.put(job.id(), local);
        executor.execute(() -> {
            try {
                Document outcome = work.run(job, local);
                if (store.succeed(job.id(), lease, local.done, local.total, outcome, clock.instant())) {
                    store.unlock(job.scope(), job.id());
                    log.info("Job {} ({}, campaign {}) succeeded: {}", job.id(), job.kind(), job.campaignId(), outcome);
                }
            } catch (JobLostException e) {
                log.warn("Job {} was taken over by another instance; this one stops", job.id());
            } catch (RuntimeException e) {
                if (stopping) {
                    // handed over at its last checkpoint (stop()): another instance resumes it from there
                    log.info("Job {} stopped by shutdown at its last checkpoint; it will be resumed", job.id());
                } else {
                    log.error("Job {} ({}, campaign {}) failed", job.id(), job.kind(), job.campaignId(), e);
                    if (store.fail(job.id(), lease, e.getMessage(), clock.instant())) {
                        store.unlock(job.scope(), job.id());
                    }
                }
            } finally {
                running.remove(job.id(), local);
                workers.release();
            }
        });
    }

    /** Beats for this instance's jobs, then takes over jobs whose instance has gone silent. */
    @Scheduled(fixedDelayString = "${campaigns.jobs.heartbeat:5s}")
    void tick() {
        Instant now = clock.instant();
        running.values().forEach(job -> {
            if (!store.heartbeat(job.id, job.lease, now)) {
                job.lost = true;
            }
        });
        if (stopping) {
            return;
        }
        for (Job silent : store.silentSince(now.minus(properties.staleAfter()))) {
            resume(silent, now);
        }
    }

    private void resume(Job silent, Instant now) {
        String checkpoint = " (last checkpoint: " + silent.phase() + ", " + silent.done() + " of " + silent.total()
                + "); start it again";
        if (!silent.handedOver() && silent.losses() >= properties.maxResumes()) {
            failSilent(silent, "Its instance was lost " + (silent.losses() + 1) + " times" + checkpoint, now);
            return;
        }
        JobWork work = works.get(silent.kind());
        if (work == null) {
            failSilent(silent, "This version has no job kind " + silent.kind() + checkpoint, now);
            return;
        }
        if (!store.holds(silent.scope(), silent.id())) {
            failSilent(silent, "Its lock was taken from it" + checkpoint, now);
            return;
        }
        if (!workers.tryAcquire()) {
            return; // another instance, or a later tick
        }
        String lease = UUID.randomUUID().toString();
        Job taken = store.takeOver(silent, lease, now);
        if (taken == null) {
            workers.release();
            return;
        }
        log.warn(
                "Job {} ({}, campaign {}) resumed from its checkpoint ({} of {}){}",
                taken.id(),
                taken.kind(),
                taken.campaignId(),
                taken.done(),
                taken.total(),
                silent.handedOver() ? ", handed over by a stopping instance" : " after its instance went silent");
        launch(taken, work, lease);
    }

    private void failSilent(Job silent, String error, Instant now) {
        if (store.failSilent(silent, error, now)) {
            store.unlock(silent.scope(), silent.id());
            log.error("Job {} reported failed: {}", silent.id(), error);
        }
    }

    /** Hands every running job over at its last checkpoint (resumed at once elsewhere, not counted as a loss). */
    @PreDestroy
    void stop() {
        stopping = true;
        running.values().forEach(job -> store.handOver(job.id, job.lease));
        executor.shutdownNow();
    }

    /** A job this instance runs: its progress writes, and whether another instance took it. */
    private final class RunningJob implements JobWork.Progress {

        private final String id;
        private final String lease;
        private volatile boolean lost;
        private String lastPhase;
        private Instant lastWrite = Instant.MIN;
        private long done;
        private long total;

        RunningJob(String id, String lease) {
            this.id = id;
            this.lease = lease;
        }

        @Override
        public void report(String phase, long done, long total, Document saved) {
            if (lost) {
                throw new JobLostException(id);
            }
            this.done = done;
            this.total = total;
            Instant now = clock.instant();
            if (phase.equals(lastPhase) && now.isBefore(lastWrite.plus(properties.progressEvery()))) {
                return;
            }
            if (!store.progress(id, lease, phase, done, total, saved, now)) {
                lost = true;
                throw new JobLostException(id);
            }
            lastPhase = phase;
            lastWrite = now;
        }
    }
}
