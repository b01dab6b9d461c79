package org.givingstream.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends signed Stripe webhooks the way Stripe delivers them: any answer other than 2xx, or no answer at all, is
 * retried until it is accepted. Records every answer, so a test can tell "refused, retried, accepted" from
 * "accepted and lost".
 */
final class ProviderLikeSender {

    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(4);
    /** Between one worker's accepted delivery and its next: a 30-donation burst of 3 workers lasts about a second. */
    private static final Duration PACE = Duration.ofMillis(100);

    private static final Duration RETRY_EVERY = Duration.ofMillis(300);

    private final List<String> webhookUrls;
    private final AtomicInteger next = new AtomicInteger();
    private final StripeWebhookClient signer;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger noAnswer = new AtomicInteger();

    ProviderLikeSender(String webhookUrl, StripeWebhookClient signer) {
        this(List.of(webhookUrl), signer);
    }

    /** Behind a load balancer: each try goes to the next of {@code webhookUrls} in turn, a retry too. */
    ProviderLikeSender(List<String> webhookUrls, StripeWebhookClient signer) {
        this.webhookUrls = List.copyOf(webhookUrls);
        this.signer = signer;
    }

    /** Delivers every checkout, {@code concurrency} at a time, each until accepted; returns when all are. */
    Future<?> deliverAll(List<StripeWebhookClient.Checkout> checkouts, int concurrency) {
        var pool = Executors.newFixedThreadPool(concurrency);
        var all = pool.submit(() -> {
            try (var workers = Executors.newFixedThreadPool(concurrency)) {
                checkouts.forEach(checkout -> workers.submit(() -> deliver(checkout)));
            }
            return null;
        });
        pool.shutdown();
        return all;
    }

    private Void deliver(StripeWebhookClient.Checkout checkout) throws InterruptedException {
        String body = StripeWebhookClient.payload(checkout);
        Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
        while (Instant.now().isBefore(giveUp)) {
            try {
                String webhookUrl = webhookUrls.get(Math.floorMod(next.getAndIncrement(), webhookUrls.size()));
                var request = HttpRequest.newBuilder(URI.create(webhookUrl))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .header("Stripe-Signature", signer.signature(body, Instant.now()))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                if (status / 100 == 2) {
                    accepted.incrementAndGet();
                    // a provider's delivery worker does not fire its next webhook at once; without a pause the
                    // log-first intake takes a whole burst in a few ms, before a fault injected "mid-burst" lands
                    Thread.sleep(PACE.toMillis());
                    return null;
                }
            } catch (IOException e) {
                noAnswer.incrementAndGet(); // refused, reset or timed out: the provider retries
            }
            Thread.sleep(RETRY_EVERY.toMillis());
        }
        throw new IllegalStateException("not accepted within " + GIVE_UP_AFTER + ": " + checkout.paymentIntent());
    }

    int accepted() {
        return accepted.get();
    }

    /** How many deliveries were answered with this status. */
    int answered(int status) {
        AtomicInteger count = answers.get(status);
        return count == null ? 0 : count.get();
    }

    @Override
    public String toString() {
        return "answers " + answers + ", no answer " + noAnswer.get() + ", accepted " + accepted.get();
    }
}
