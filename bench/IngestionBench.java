import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Closed-loop ingestion benchmark for donation-service's Stripe webhook: each of N workers sends a signed
 * checkout.session.completed for a new payment and waits for the answer before sending the next.
 * Latencies are per request as seen by the client (closed loop: NOT corrected for coordinated omission;
 * issue 6 brings the open-loop, HdrHistogram-based load generator).
 *
 *   java bench/IngestionBench.java [baseUrl] [secret] [workers] [requests]
 *   java bench/IngestionBench.java http://localhost:8081 whsec_local_stack_only_not_a_real_secret 1 500
 */
public class IngestionBench {

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8081";
        String secret = args.length > 1 ? args[1] : "whsec_local_stack_only_not_a_real_secret";
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        String campaign = args.length > 4 ? args[4] : "bench-campaign";

        var httpExecutor = Executors.newFixedThreadPool(workers);
        HttpClient http = HttpClient.newBuilder().executor(httpExecutor).build();
        long[] nanos = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        warmUp(http, base, secret, campaign, 50);
        Instant start = Instant.now();
        try (var pool = Executors.newFixedThreadPool(workers)) {
            for (int w = 0; w < workers; w++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        int status = send(http, base, secret, campaign);
                        nanos[i] = System.nanoTime() - t0;
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        Duration took = Duration.between(start, Instant.now());
        Arrays.sort(nanos);
        System.out.printf("workers=%d requests=%d failures=%d took=%.2fs rate=%.0f/s p50=%.1fms p99=%.1fms max=%.1fms%n",
                workers, requests, failures.get(), took.toMillis() / 1000.0, requests * 1000.0 / took.toMillis(),
                ms(nanos, 0.50), ms(nanos, 0.99), nanos[requests - 1] / 1e6);
        httpExecutor.shutdownNow();
    }

    private static void warmUp(HttpClient http, String base, String secret, String campaign, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            send(http, base, secret, campaign);
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }

    private static int send(HttpClient http, String base, String secret, String campaign) throws Exception {
        String pi = "pi_bench_" + UUID.randomUUID().toString().replace("-", "");
        long t = Instant.now().getEpochSecond();
        String body = ("{\"id\":\"evt_%s\",\"type\":\"checkout.session.completed\",\"created\":%d,\"data\":{\"object\":"
                + "{\"id\":\"cs_%s\",\"amount_total\":1500,\"currency\":\"gbp\",\"payment_intent\":\"%s\","
                + "\"payment_status\":\"paid\",\"customer_details\":{\"name\":\"Bench Donor\",\"email\":null},"
                + "\"metadata\":{\"campaign_id\":\"%s\",\"gift_aid\":\"true\"}}}}")
                .formatted(pi, t, pi, pi, campaign);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String v1 = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        var request = HttpRequest.newBuilder(URI.create(base + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", "t=" + t + ",v1=" + v1)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
