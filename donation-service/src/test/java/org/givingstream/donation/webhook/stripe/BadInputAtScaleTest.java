package org.givingstream.donation.webhook.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Thousands of bad deliveries, concurrently: forged, replayed, truncated, malformed, oversized, half-filled. None
 * may be stored, every one gets a 4xx problem answer, the service keeps taking genuine donations afterwards, and
 * the heap does not keep what the bad requests brought.
 */
class BadInputAtScaleTest extends DonationServiceTestSupport {

    private static final int DELIVERIES = 3_000;
    private static final int IN_FLIGHT = 16;
    /** Heap still in use after a full GC may grow by this much at most: 3,000 requests must leave nothing behind. */
    private static final long HEAP_GROWTH_LIMIT = 48L * 1024 * 1024;

    private final String run =
            "pi_fuzz_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final Random random = new Random(20261125);

    @Test
    void badDeliveriesAreRefusedStoredNowhereAndLeaveNothingBehind() throws Exception {
        List<IntFunction<HttpRequest>> kinds = List.of(
                this::signedWithAGuessedSecret,
                this::replayedFromAnHourAgo,
                this::truncatedAfterSigning,
                this::signedGarbage,
                this::oversized,
                this::withoutSignature,
                this::signedButWithoutCampaign,
                this::signedWithANegativeAmount);
        send(200, kinds); // warm up: the heap baseline is taken with the code paths loaded
        long heapBefore = heapAfterGc();

        long start = System.nanoTime();
        Map<Integer, AtomicInteger> statuses = send(DELIVERIES, kinds);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        long heapAfter = heapAfterGc();
        System.out.printf(
                "%d bad deliveries in %d ms, answers %s, heap after GC %d -> %d KiB%n",
                DELIVERIES, tookMs, statuses, heapBefore / 1024, heapAfter / 1024);
        assertThat(statuses.keySet())
                .as("every bad delivery is refused with a 4xx: " + statuses)
                .allMatch(status -> status >= 400 && status < 500);
        assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum())
                .isEqualTo(DELIVERIES);
        assertThat(mongo.count(
                        Query.query(Criteria.where("_id").regex("^stripe:" + Pattern.quote(run))), Donation.class))
                .as("nothing from the bad deliveries is stored")
                .isZero();
        // nor in the intake log, where an accepted webhook goes before MongoDB (read to its end: no time window)
        assertThat(appendedToIntakeFor(key -> key.startsWith("stripe:" + run)))
                .as("nothing from the bad deliveries is in the intake log")
                .isEmpty();
        assertThat(heapAfter - heapBefore).as("heap growth after GC, bytes").isLessThan(HEAP_GROWTH_LIMIT);

        // and the intake still takes a genuine donation
        String pi = run + "_genuine";
        String payload = StripeSigner.checkoutCompleted("evt_" + pi, pi, "james-wish", 1500, "genuine@example.org");
        HttpResponse<String> genuine = http.send(
                stripe(payload, StripeSigner.header(payload, StripeWebhookTest.SECRET, Instant.now())),
                HttpResponse.BodyHandlers.ofString());
        assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);
        assertThat(genuine.body()).contains("accepted");
        assertThat(awaitDonation("stripe:" + pi)).isNotNull();
    }

    private Map<Integer, AtomicInteger> send(int deliveries, List<IntFunction<HttpRequest>> kinds) throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            HttpRequest request = kinds.get(i % kinds.size()).apply(i);
            inFlight.acquire();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        inFlight.release();
                        int status = failure != null ? -1 : response.statusCode();
                        if (failure == null
                                && !response.headers()
                                        .firstValue("Content-Type")
                                        .orElse("")
                                        .startsWith("application/problem+json")) {
                            status = -status; // refused, but not as a problem document
                        }
                        statuses.computeIfAbsent(status, s -> new AtomicInteger())
                                .incrementAndGet();
                    }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        return statuses;
    }

    private String checkout(int i) {
        String pi = run + "_" + i;
        return StripeSigner.checkoutCompleted("evt_" + pi, pi, "james-wish", 1000 + i, "fuzz" + i + "@example.org");
    }

    private HttpRequest signedWithAGuessedSecret(int i) {
        String payload = checkout(i);
        return stripe(payload, StripeSigner.header(payload, "whsec_guess_" + i, Instant.now()));
    }

    private HttpRequest replayedFromAnHourAgo(int i) {
        String payload = checkout(i);
        return stripe(
                payload,
                StripeSigner.header(
                        payload, StripeWebhookTest.SECRET, Instant.now().minusSeconds(3600)));
    }

    private HttpRequest truncatedAfterSigning(int i) {
        String payload = checkout(i);
        String signature = StripeSigner.header(payload, StripeWebhookTest.SECRET, Instant.now());
        return stripe(payload.substring(0, 1 + random.nextInt(payload.length() - 1)), signature);
    }

    private HttpRequest signedGarbage(int i) {
        String payload = switch (i % 4) {
            case 0 -> checkout(i).substring(0, checkout(i).length() / 2); // cut JSON, correctly signed
            case 1 -> "[" + "{".repeat(5_000) + "]"; // deeply nested
            case 2 -> "{\"type\":\"checkout.session.completed\",\"data\":\"not an object\"}";
            default -> randomBytes(512);
        };
        return stripe(payload, StripeSigner.header(payload, StripeWebhookTest.SECRET, Instant.now()));
    }

    private HttpRequest oversized(int i) {
        String payload = checkout(i).replace("\"Get well soon\"", "\"" + "x".repeat(300_000) + "\"");
        return stripe(payload, StripeSigner.header(payload, StripeWebhookTest.SECRET, Instant.now()));
    }

    private HttpRequest withoutSignature(int i) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(checkout(i)))
                .build();
    }

    private HttpRequest signedButWithoutCampaign(int i) {
        String payload = checkout(i).replace("\"campaign_id\":\"james-wish\"", "\"campaign_id\":\"\"");
        return stripe(payload, StripeSigner.header(payload, StripeWebhookTest.SECRET, Instant.now()));
    }

    private HttpRequest signedWithANegativeAmount(int i) {
        String payload = checkout(i).replace("\"amount_total\":" + (1000 + i), "\"amount_total\":-" + (1000 + i));
        return stripe(payload, StripeSigner.header(payload, StripeWebhookTest.SECRET, Instant.now()));
    }

    private HttpRequest stripe(String payload, String signature) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
    }

    private String randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc(); // a full, synchronous collection: what is left is what is still referenced
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
