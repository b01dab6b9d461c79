package org.givingstream.notification.receipt;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 * <p>One loop thread reads due notifications oldest first, takes each one's attempt (a lease in MongoDB, so other
 * instances keep off) and hands it to at most {@code senders} virtual threads. While the SMTP circuit breaker is
 * open it takes nothing: the notifications just stay PENDING. It sleeps for {@code poll-interval} when nothing is
 * due, and is woken early by a new claim.
 */
@Component
class NotificationDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationDrain.class);

    private final NotificationStore store;
    private final NotificationSender sender;
    private final MailGateway gateway;
    private final ReceiptProperties properties;
    private final Semaphore senders;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread loop;
    private ExecutorService workers;

    NotificationDrain(
            NotificationStore store,
            NotificationSender sender,
            MailGateway gateway,
            ReceiptProperties properties,
            KnownCampaigns campaigns) {
        this.store = store;
        this.sender = sender;
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
    void wakeUp() {
        wakeUp.release();
    }

    @Override
    public void start() {
        running = true;
        workers = Executors.newVirtualThreadPerTaskExecutor();
        loop = Thread.ofPlatform().name("notification-drain").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        wakeUp();
        try {
            loop.join(Duration.ofSeconds(5));
            workers.shutdown();
            // rounds cut short keep their lease and are sent again when it runs out
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** @return how many rounds were started */
    private int drainOnce() throws InterruptedException {
        if (!gateway.acceptsCalls() || !gateway.hasShare()) {
            return 0; // SMTP is down, or this instance has no share of the rate: everything stays PENDING
        }
        List<Notification> due = store.due(properties.retryBatchSize());
        int started = 0;
        for (Notification notification : due) {
            if (!running || !gateway.acceptsCalls()) {
                break;
            }
            senders.acquire();
            Optional<Notification> taken = store.takeAttempt(notification.id());
            if (taken.isEmpty()) {
                senders.release(); // another instance (or an earlier round) has it
                continue;
            }
            workers.submit(() -> {
                try {
                    sender.attempt(taken.get());
                } finally {
                    senders.release();
                }
            });
            started++;
        }
        return started;
    }

    private void sleep() throws InterruptedException {
        wakeUp.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
    }
}
