package org.givingstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Webhook to campaign summary: a quiet campaign gets one donation every {@code every}, on a fixed schedule, and
 * its summary ({@code GET /api/campaigns/{id}}) is polled every 20 ms. The k-th donation is "in" when
 * {@code donationCount} first reaches k; its latency runs from its due time, like the webhooks' (the probe's
 * webhook waits behind the same load as everybody's).
 */
final class SummaryProbe {

    private static final Pattern COUNT = Pattern.compile("\"donationCount\"\\s*:\\s*(\\d+)");
    private static final Duration POLL_EVERY = Duration.ofMillis(20);
    static final long AMOUNT = 100;

    private final HttpClient http;
    private final String webhookUrl;
    private final String secret;
    private final String summaryUrl;
    private final String campaignId;
    private final long countBefore;
    private final Duration every;
    private final long[] dueNanos = new long[200_000];
    private final AtomicInteger sent = new AtomicInteger();
    private final Histogram latencies = OpenLoopGenerator.newHistogram();
    private final List<long[]> points = new CopyOnWriteArrayList<>(); // {nanoTime seen, latency micros}
    private volatile boolean sending = true;
    private volatile int seen;
    private Thread sender;
    private Thread poller;

    SummaryProbe(
            HttpClient http,
            String webhookUrl,
            String secret,
            String summaryUrl,
            String campaignId,
            long countBefore,
            Duration every) {
        this.http = http;
        this.webhookUrl = webhookUrl;
        this.secret = secret;
        this.summaryUrl = summaryUrl;
        this.campaignId = campaignId;
        this.countBefore = countBefore;
        this.every = every;
    }

    void start() {
        long start = System.nanoTime();
        sender = Thread.ofPlatform().name("probe-sender").start(() -> {
            for (int k = 0; sending && k < dueNanos.length; k++) {
                long due = start + k * every.toNanos();
                LockSupport.parkNanos(due - System.nanoTime());
                if (!sending) {
                    break;
                }
                dueNanos[k] = due;
                int n = k;
                sent.incrementAndGet();
                Thread.ofVirtual().start(() -> deliver(n));
            }
        });
        poller = Thread.ofPlatform().name("probe-poller").start(this::poll);
    }

    /** Stops sending and waits until every probe donation shows in the summary. */
    boolean finish(Duration timeout) throws InterruptedException {
        sending = false;
        sender.join();
        Instant giveUp = Instant.now().plus(timeout);
        while (seen < sent.get() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
        }
        poller.interrupt();
        poller.join();
        return seen >= sent.get();
    }

    int sent() {
        return sent.get();
    }

    Histogram latencies() {
        return latencies;
    }

    /** (seconds since {@code origin}, latency in ms) of each probe, for the chart. */
    List<double[]> points(long origin) {
        return points.stream()
                .map(p -> new double[] {(p[0] - origin) / 1e9, p[1] / 1000.0})
                .toList();
    }

    private void deliver(int k) {
        Gift gift = new Gift("pi_probe_" + campaignId + "_" + k, campaignId, AMOUNT, "Probe", null, false);
        String body = StripeEvents.checkoutCompleted(gift, Instant.now().getEpochSecond());
        while (true) { // like Stripe: until accepted
            try {
                var request = HttpRequest.newBuilder(URI.create(webhookUrl))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Stripe-Signature", StripeEvents.signature(secret, body, Instant.now()))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
                    return;
                }
            } catch (IOException e) {
                // not answered: deliver again
            } catch (InterruptedException e) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        }
    }

    private void poll() {
        var request = HttpRequest.newBuilder(URI.create(summaryUrl + "/api/campaigns/" + campaignId))
                .timeout(Duration.ofSeconds(5))
                .build();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                String body =
                        http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                Matcher count = COUNT.matcher(body);
                if (count.find()) {
                    long now = System.nanoTime();
                    int in = (int) Math.min(sent.get(), Long.parseLong(count.group(1)) - countBefore);
                    for (int k = seen; k < in; k++) {
                        long micros = Math.max(0, (now - dueNanos[k]) / 1000);
                        latencies.recordValue(Math.min(OpenLoopGenerator.HIGHEST_MICROS, micros));
                        points.add(new long[] {now, micros});
                    }
                    seen = Math.max(seen, in);
                }
                Thread.sleep(POLL_EVERY);
            } catch (IOException e) {
                // campaign-service busy or restarting: poll again
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
