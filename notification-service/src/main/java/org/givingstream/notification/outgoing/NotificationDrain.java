package org.givingstream.notification.outgoing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.givingstream.notification.campaign.KnownCampaigns;
import org.givingstream.notification.mail.MailGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drains PENDING notifications to the SMTP server: the only place that sends.
 *
 * <p>Why a drain and not sending in the Kafka consumer: the consumer only claims (one insert per event), so it
 * never waits for SMTP, the rate limiter or a retry backoff, and a press spike becomes a queue in MongoDB rather
 * than a stalled partition (and a rebalance storm when {@code max.poll.interval.ms} runs out). The backlog is then
 * simply the count of PENDING notifications ({@code notifications.pending}), and one path sends first attempts,
 * retries, crash recovery (expired leases) and resends alike, all through one rate limiter.
 *
 * <p>One loop thread works in rounds: it reads the ids of up to {@code retry-batch-size} due notifications oldest
 * first, takes their attempts in bulk under a random lease token (one updateMany and one find, however many there
 * are; see {@link NotificationStore#takeAttempts}), and hands the ones it won to at most {@code senders} virtual
 * threads. The SENT marks of a round are written together by {@link SentMarks} (when its sends are done, and every
 * {@code mark-flush-interval} meanwhile), which is where the guarantee on a crash is stated. While the SMTP circuit
 * breaker is open it takes nothing: the notifications just stay PENDING. It sleeps for {@code poll-interval} when
 * nothing is due, and is woken early by a new claim.
 */
@Component
public class NotificationDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationDrain.class);

    private final NotificationStore store;
    private final NotificationSender sender;
    private final SentMarks sentMarks;
    private final Clock clock;
    private final MailGateway gateway;
    private final ReceiptProperties properties;
    private final Semaphore senders;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Semaphore stopFlushing = new Semaphore(0);
    private volatile boolean running;
    private Thread loop;
    private Thread flusher;
    private ExecutorService workers;

    NotificationDrain(
            NotificationStore store,
            NotificationSender sender,
            SentMarks sentMarks,
            MailGateway gateway,
            ReceiptProperties properties,
            KnownCampaigns campaigns,
            Clock clock) {
        this.store = store;
        this.sender = sender;
        this.sentMarks = sentMarks;
        this.clock = clock;
        this.gateway = gateway;
        this.properties = properties;
        this.senders = new Semaphore(properties.senders());
        campaigns.onChange(campaignId -> {
            if (store.wakeWaitingFor(campaignId) > 0) {
                wakeUp();
            }
        });
    }

    /** Something became due: look now rather than at the next poll. */
    public void wakeUp() {
        wakeUp.release();
    }

    @Override
    public void start() {
        running = true;
        workers = Executors.newVirtualThreadPerTaskExecutor();
        loop = Thread.ofPlatform().name("notification-drain").daemon().start(this::run);
        flusher = Thread.ofVirtual().name("sent-marks").start(this::flushPeriodically);
    }

    @Override
    public void stop() {
        running = false;
        wakeUp();
        try {
            loop.join(Duration.ofSeconds(5));
            workers.shutdown();
            // a round cut short gives back the leases it did not use; sends still running after this keep theirs
            // and are sent again when it runs out
            workers.awaitTermination(10, TimeUnit.SECONDS);
            stopFlushing.release();
            flusher.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // the marks of the mails that went out: written now rather than sent again after the lease
            sentMarks.flushWaiting();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                if (drainOnce() == 0) {
                    sleep();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Notification drain failed; trying again in {}", properties.pollInterval(), e);
                try {
                    sleep();
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * @return how many sends were started; or 1 when others won all the due ones read (they are leased now, so the
     *     next read finds the next ones, rather than waiting for a poll)
     */
    private int drainOnce() throws InterruptedException {
        if (!gateway.acceptsCalls() || !gateway.hasShare()) {
            return 0; // SMTP is down, or this instance has no share of the rate: everything stays PENDING
        }
        List<String> due = store.dueIds(properties.retryBatchSize());
        if (due.isEmpty()) {
            return 0;
        }
        String leaseToken = UUID.randomUUID().toString();
        List<Notification> taken = store.takeAttempts(due, leaseToken);
        if (taken.isEmpty()) {
            return 1;
        }
        Round round = new Round(taken.size(), due.size());
        List<String> unused = new ArrayList<>();
        try {
            for (Notification notification : taken) {
                if (!unused.isEmpty()) {
                    unused.add(notification.id()); // once one is left, so are the rest of the round
                    continue;
                }
                senders.acquire();
                if (!running || !gateway.acceptsCalls() || leaseRunsShort(notification)) {
                    senders.release();
                    unused.add(notification.id());
                    continue;
                }
                round.started();
                try {
                    workers.submit(() -> {
                        boolean sent = false;
                        try {
                            sent = sender.attempt(notification);
                        } finally {
                            senders.release();
                            round.finished(notification.id(), sent);
                        }
                    });
                } catch (RejectedExecutionException stopping) {
                    senders.release();
                    round.finished(notification.id(), false);
                    unused.add(notification.id());
                }
            }
            store.release(unused, leaseToken);
        } finally {
            round.allStarted(unused.size());
        }
        return taken.size() - unused.size();
    }

    /**
     * Whether the lease taken for the round has less than half its time left: the round's mails waited long for
     * a sender (a small share of the rate, slow SMTP), and a send begun now might outlast the lease, so that another
     * instance sends it too. Given back instead, it is taken afresh by a later round.
     */
    private boolean leaseRunsShort(Notification taken) {
        Instant halfway = taken.lastAttemptAt().plus(properties.attemptTimeout().dividedBy(2));
        return clock.instant().isAfter(halfway);
    }

    private void flushPeriodically() {
        try {
            while (!stopFlushing.tryAcquire(properties.markFlushInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                sentMarks.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One round's sends: when the last has finished, its SENT marks are written together and the round is logged,
     * once (per mail only at DEBUG; failures are logged per notification by the sender).
     */
    private final class Round {

        private final int taken;
        private final int due;
        private final AtomicInteger open = new AtomicInteger(1); // the loop's own share, until allStarted
        /** Notification ids name their donation: the round's line still finds a donor's receipt by donation id. */
        private final Queue<String> sent = new ConcurrentLinkedQueue<>();

        private volatile int unused;

        Round(int taken, int due) {
            this.taken = taken;
            this.due = due;
        }

        void started() {
            open.incrementAndGet();
        }

        void finished(String id, boolean mailSent) {
            if (mailSent) {
                sent.add(id);
            }
            done();
        }

        void allStarted(int unused) {
            this.unused = unused;
            done();
        }

        private void done() {
            if (open.decrementAndGet() > 0) {
                return;
            }
            sentMarks.flush();
            log.info(
                    "Drain round done: {} due, {} taken, {} given back for later, {} sent: {}",
                    due,
                    taken,
                    unused,
                    sent.size(),
                    sent);
        }
    }

    private void sleep() throws InterruptedException {
        wakeUp.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
    }
}
