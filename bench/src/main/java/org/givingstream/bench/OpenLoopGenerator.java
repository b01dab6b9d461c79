package org.givingstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * delivery workers); a webhook waiting for a free connection is still timed from its due time. Every webhook of a
 * load is drawn, signed and written out before the load starts ({@link #prepare}), and goes out over
 * {@link Http1Pool}'s keep-alive connections, at most {@code maxInFlight} of them: the generator shares the
 * machine with what it measures, so it must cost little per request.
 *
 * <p>A delivery that is not answered as expected (2xx, or 400 for a forged one) is kept and delivered again after
 * the load, until accepted, as Stripe retries: so every donation sent must in the end be counted.
 */
final class OpenLoopGenerator {

    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GIVE_UP_RETRYING = Duration.ofMinutes(5);
    /** Stripe refuses a signature more than 300 s old: one signed before the load is signed afresh past this age. */
    private static final long SIGNATURE_MAX_AGE_SECONDS = 240;

    private final HttpClient http;
    private final URI url;
    private final Http1Pool pool;
    private final StripeEvents.Signer signer;
    private final StripeEvents.Signer forger = new StripeEvents.Signer("whsec_forged_by_somebody_else");
    private final boolean refusesForgeries;
    private final Semaphore inFlight;
    private final int capacity;
    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refusedForged = new AtomicLong();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicLong noAnswer = new AtomicLong();
    private final ConcurrentLinkedQueue<Webhook> toRetry = new ConcurrentLinkedQueue<>();
    private volatile long lastAnswerNanos;

    /**
     * @param refusesForgeries the target checks signatures, so a forged webhook must be refused (400); a floor that
     *     checks nothing answers it 2xx, which then counts as accepted
     */
    OpenLoopGenerator(HttpClient http, String url, String secret, int maxInFlight, boolean refusesForgeries) {
        this.http = http;
        this.url = URI.create(url);
        this.pool = new Http1Pool(this.url);
        this.signer = new StripeEvents.Signer(secret);
        this.refusesForgeries = refusesForgeries;
        this.inFlight = new Semaphore(maxInFlight);
        this.capacity = maxInFlight;
    }

    /**
     * A whole schedule's deliveries, drawn from the mix, signed and written out as HTTP/1.1 requests before the load
     * starts, so that at 3,000 webhooks/s the generator only hands each to a connection when it is due (drawing a
     * body and its HMAC cost more than sending it).
     *
     * @param requests each webhook's whole request, bytes ready to write ({@link Http1Pool#post})
     * @param signedAt when every signature was made, Unix seconds
     */
    record Deliveries(Schedule schedule, Webhook[] webhooks, byte[][] requests, long signedAt) {}

    /** Interval histograms for the per-second series; the caller adds them up. */
    Recorder recorder() {
        return recorder;
    }

    long accepted() {
        return accepted.get();
    }

    /** Draws and signs every webhook of the schedule now; the load then sends them (see {@link #run}). */
    Deliveries prepare(Schedule schedule, DonationMix mix) {
        long signedAt = Instant.now().getEpochSecond();
        int total = Math.toIntExact(schedule.total());
        Webhook[] webhooks = new Webhook[total];
        byte[][] requests = new byte[total][];
        for (int n = 0; n < total; n++) {
            webhooks[n] = mix.next();
            requests[n] = wire(webhooks[n], signedAt);
        }
        return new Deliveries(schedule, webhooks, requests, signedAt);
    }

    /**
     * Sends the whole schedule, then waits for every answer. Returns the start, in {@link System#nanoTime()}. Driven by
     * one thread (the one that prepared the deliveries and later re-delivers: the signers are not thread-safe).
     */
    long run(Deliveries deliveries) throws InterruptedException {
        long start = System.nanoTime();
        Schedule schedule = deliveries.schedule();
        long age = Instant.now().getEpochSecond() - deliveries.signedAt();
        long resignAfter = start + TimeUnit.SECONDS.toNanos(SIGNATURE_MAX_AGE_SECONDS - age);
        for (int n = 0; n < deliveries.webhooks().length; n++) {
            long due = start + schedule.dueNanos(n);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait); // may wake early: park again until due
            }
            Webhook webhook = deliveries.webhooks()[n];
            inFlight.acquire(); // may block past the due time: the latency still counts from 'due'
            // a long schedule, or a target so far behind that the generator waits: Stripe's 300 s tolerance
            byte[] request = System.nanoTime() < resignAfter
                    ? deliveries.requests()[n]
                    : wire(webhook, Instant.now().getEpochSecond());
            deliveries.requests()[n] = null; // sent: its bytes can go
            Thread.startVirtualThread(() -> send(webhook, request, due));
        }
        awaitIdle();
        pool.close();
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
            HttpResponse<Void> response =
                    http.send(request(webhook, Instant.now().getEpochSecond()), HttpResponse.BodyHandlers.discarding());
            return answeredAsExpected(webhook, response.statusCode());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One delivery on a pooled connection, on its own virtual thread; timed from its due time. */
    private void send(Webhook webhook, byte[] request, long due) {
        boolean ok;
        try {
            int status = pool.exchange(request);
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            ok = answeredAsExpected(webhook, status);
        } catch (IOException | RuntimeException e) {
            noAnswer.incrementAndGet();
            ok = false;
        }
        long now = System.nanoTime();
        lastAnswerNanos = now;
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (now - due) / 1000)));
        if (!ok) {
            toRetry.add(webhook);
        }
        inFlight.release();
    }

    private boolean answeredAsExpected(Webhook webhook, int status) {
        if (webhook.forged() && refusesForgeries) {
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

    private byte[] wire(Webhook webhook, long signedAt) {
        byte[] body = webhook.body().getBytes(StandardCharsets.UTF_8);
        return pool.post(body, (webhook.forged() ? forger : signer).sign(body, signedAt));
    }

    /** A re-delivery after the load, through {@code java.net.http} (few, and its pool copes with anything). */
    private HttpRequest request(Webhook webhook, long signedAt) {
        byte[] body = webhook.body().getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", (webhook.forged() ? forger : signer).sign(body, signedAt))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
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
