package org.givingstream.donation.justgiving;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.givingstream.donation.justgiving.JustGivingClient.JustGivingUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls every attached JustGiving page when it is due, each on its own worker, so a page that is slow or away holds
 * up nothing else.
 *
 * <ul>
 *   <li>One poller per page across all instances: a ShedLock lock per page in MongoDB ({@code shedLock}), held for
 *       the poll; the page's {@code nextPollAt} is read again under the lock, so a page just polled elsewhere waits.
 *   <li>The interval tightens to {@code fastest} while a page brings new donations and doubles, up to
 *       {@code slowest}, while it is quiet.
 *   <li>A 429, 5xx or silence backs off exponentially (Resilience4j's {@link IntervalFunction}, from {@code backoff}
 *       to {@code backoff-max}, or the API's {@code Retry-After} if longer); the cursor stays where it was.
 * </ul>
 */
@Component
@EnableConfigurationProperties(JustGivingProperties.class)
class JustGivingPoller {

    private static final Logger log = LoggerFactory.getLogger(JustGivingPoller.class);

    private final JustGivingProperties properties;
    private final PageStore pages;
    private final PagePoll poll;
    private final PageCheck check;
    private final MongoLockProvider locks;
    private final MeterRegistry meters;
    private final Clock clock;
    private final IntervalFunction backoff;
    private final Semaphore workers;
    private final Set<String> polling = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().name("justgiving-", 1).daemon().factory());

    JustGivingPoller(
            JustGivingProperties properties,
            PageStore pages,
            PagePoll poll,
            PageCheck check,
            MongoTemplate mongo,
            MeterRegistry meters,
            Clock clock) {
        this.properties = properties;
        this.pages = pages;
        this.poll = poll;
        this.check = check;
        this.locks = new MongoLockProvider(mongo.getDb());
        this.meters = meters;
        this.clock = clock;
        this.backoff = IntervalFunction.ofExponentialBackoff(
                properties.backoff().toMillis(), 2.0, properties.backoffMax().toMillis());
        this.workers = new Semaphore(properties.pollers());
        if (!properties.enabled()) {
            log.info("No donations.justgiving.app-id: JustGiving pages are not polled");
        }
    }

    @Scheduled(fixedDelayString = "${donations.justgiving.tick:1s}")
    void pollDuePages() {
        if (!properties.enabled()) {
            return;
        }
        // more than there are workers: pages polled elsewhere (locked) or still running here are skipped
        for (JustGivingPage due : pages.due(clock.instant(), properties.pollers() * 5)) {
            if (!polling.add(due.shortName())) {
                continue; // still being polled here
            }
            if (!workers.tryAcquire()) {
                polling.remove(due.shortName());
                return;
            }
            executor.execute(() -> {
                try {
                    pollUnderLock(due.shortName());
                } catch (RuntimeException e) {
                    log.error("Polling JustGiving page {} failed", due.shortName(), e);
                } finally {
                    polling.remove(due.shortName());
                    workers.release();
                }
            });
        }
    }

    private void pollUnderLock(String shortName) {
        Instant now = clock.instant();
        // every request at its timeout, twice over (a body may take a timeout of its own), plus the intake's writes
        Duration atMost = properties
                .timeout()
                .multipliedBy(4L * (properties.maxPagesPerPoll() + 2L))
                .plusMinutes(5);
        Optional<SimpleLock> lock =
                locks.lock(new LockConfiguration(now, "justgiving-page:" + shortName, atMost, Duration.ZERO));
        if (lock.isEmpty()) {
            return; // another instance polls it now
        }
        try {
            JustGivingPage page = pages.find(shortName);
            if (page != null && !page.nextPollAt().isAfter(clock.instant())) {
                pollOnce(page);
            }
        } finally {
            lock.get().unlock();
        }
    }

    private void pollOnce(JustGivingPage page) {
        PagePoll.Result result = poll.poll(page);
        Instant now = clock.instant();
        if (result.failure() != null) {
            int failures = page.failures() + 1;
            Duration wait = Duration.ofMillis(backoff.apply(failures));
            if (result.failure() instanceof JustGivingUnavailable unavailable
                    && unavailable.retryAfter() != null
                    && unavailable.retryAfter().compareTo(wait) > 0) {
                wait = unavailable.retryAfter();
            }
            pages.polled(
                    page,
                    result.scanFrom(),
                    wait,
                    failures,
                    Bounded.text(result.failure().getMessage()),
                    now);
            meters.counter("donations.justgiving.polls", "outcome", "failed").increment();
            log.warn(
                    "JustGiving page {}: {} ({} in a row); next try in {}",
                    page.shortName(),
                    Bounded.text(result.failure().getMessage()),
                    failures,
                    wait);
            return;
        }
        Duration next;
        if (result.fed() > 0 || result.scanFrom() != null) {
            next = properties.fastest();
        } else {
            Duration doubled = page.interval().multipliedBy(2);
            next = doubled.compareTo(properties.fastest()) < 0
                    ? properties.fastest()
                    : doubled.compareTo(properties.slowest()) > 0 ? properties.slowest() : doubled;
        }
        pages.polled(page, result.scanFrom(), next, 0, null, now);
        meters.counter("donations.justgiving.polls", "outcome", "ok").increment();
        if (result.fed() > 0) {
            log.info(
                    "JustGiving page {}: {} new donations for campaign {}",
                    page.shortName(),
                    result.fed(),
                    page.campaignId());
        }
        if (result.scanFrom() == null && result.completedFromStart()) {
            try {
                check.checkIfDue(page);
            } catch (RuntimeException e) {
                log.warn("JustGiving page {}: its totals could not be checked: {}", page.shortName(), e.getMessage());
            }
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
