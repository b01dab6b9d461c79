package org.givingstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop load: each webhook has a due time fixed in advance by the {@link Schedule}, whatever the answers do,
 * and its latency is measured from that due time, not from when it could actually be sent. A server that stalls
 * therefore shows the whole wait of every webhook that was due during the stall (no coordinated omission), as a
 * payment provider's backlog would see it. At most {@code maxInFlight} requests are open at once (a provider's
 * delivery workers); a webhook waiting for a free connection is still timed from its due time.
 *
 * <p>A delivery that is not answered as expected (2xx, or 400 for a forged one) is kept and delivered again after
 * the load, until accepted, as Stripe retries: so every donation sent must in the end be counted.
 */
final class OpenLoopGenerator {

    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GIVE_UP_RETRYING = Duration.ofMinutes(5);

    private final HttpClient http;
    private final String url;
    private final String secret;
    private final String forgerySecret = "whsec_forged_by_somebody_else";
    private final Semaphore inFlight;
    private final int capacity;
    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refusedForged = new AtomicLong();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicLong noAnswer = new AtomicLong();
    private final ConcurrentLinkedQueue<Webhook> toRetry = new ConcurrentLinkedQueue<>();
    private volatile long lastAnswerNanos;

    OpenLoopGenerator(HttpClient http, String url, String secret, int maxInFlight) {
        this.http = http;
        this.url = url;
        this.secret = secret;
        this.inFlight = new Semaphore(maxInFlight);
        this.capacity = maxInFlight;
    }

    /** Interval histograms for the per-second series; the caller adds them up. */
    Recorder recorder() {
        return recorder;
    }

    long accepted() {
        return accepted.get();
    }

    /**
     * Sends the whole schedule, then waits for every answer. Returns the start, in {@link System#nanoTime()}.
     */
    long run(Schedule schedule, DonationMix mix) throws InterruptedException {
        long start = System.nanoTime();
        long total = schedule.total();
        for (long n = 0; n < total; n++) {
            long due = start + schedule.dueNanos(n);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait); // may wake early: park again until due
            }
            Webhook webhook = mix.next();
            inFlight.acquire(); // may block past the due time: the latency still counts from 'due'
            send(webhook, due);
        }
        awaitIdle();
        return start;
    }

    /** Re-delivers what was not accepted, one at a time, until all are in. Returns how many were retried. */
    int retryFailed() throws InterruptedException {
        List<Webhook> failed = new ArrayList<>();
        for (Webhook w; (w = toRetry.poll()) != null; ) {
            failed.add(w);
        }
        Instant giveUp = Instant.now().plus(GIVE_UP_RETRYING);
        for (Webhook webhook : failed) {
            while (!deliverOnce(webhook)) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException("a webhook was not accepted within " + GIVE_UP_RETRYING);
                }
                Thread.sleep(300);
            }
        }
        return failed.size();
    }

    private boolean deliverOnce(Webhook webhook) {
        try {
            HttpResponse<Void> response = http.send(request(webhook), HttpResponse.BodyHandlers.discarding());
            return answeredAsExpected(webhook, response.statusCode());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void send(Webhook webhook, long due) {
        http.sendAsync(request(webhook), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            long now = System.nanoTime();
            lastAnswerNanos = now;
            recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - due) / 1000)));
            boolean ok;
            if (error != null) {
                noAnswer.incrementAndGet();
                ok = false;
            } else {
                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                ok = answeredAsExpected(webhook, response.statusCode());
            }
            if (!ok) {
                toRetry.add(webhook);
            }
            inFlight.release();
        });
    }

    private boolean answeredAsExpected(Webhook webhook, int status) {
        if (webhook.forged()) {
            boolean refused = status == 400;
            if (refused) {
                refusedForged.incrementAndGet();
            }
            return refused;
        }
        if (status / 100 == 2) {
            accepted.incrementAndGet();
            return true;
        }
        return false;
    }

    private HttpRequest request(Webhook webhook) {
        String key = webhook.forged() ? forgerySecret : secret;
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeEvents.signature(key, webhook.body(), Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofString(webhook.body()))
                .build();
    }

    /** Every permit back means nothing is in flight. */
    private void awaitIdle() throws InterruptedException {
        inFlight.acquire(capacity);
        inFlight.release(capacity);
    }

    long lastAnswerNanos() {
        return lastAnswerNanos;
    }

    long refusedForged() {
        return refusedForged.get();
    }

    long noAnswer() {
        return noAnswer.get();
    }

    Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new java.util.TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }
}
