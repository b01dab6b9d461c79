package org.givingstream.donation.webhook.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.testinfra.HostileUpload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 13, point 1: a 500 MB chunked body at every spelling of a webhook path. Before http-guard, only the raw prefix
 * {@code /webhooks/} was limited, so {@code /%77ebhooks/stripe} and {@code /webhooks;x/stripe} reached the controller,
 * which read the whole body into memory: OutOfMemoryError. Now: refused long before it is read, heap flat, and the
 * service takes a genuine donation right after.
 */
class HugeBodiesAtEveryPathSpellingTest extends DonationServiceTestSupport {

    private static final long HUGE = 500L * 1024 * 1024;
    /** What socket buffers and the container's swallow allowance hold: far below what reading the body would take. */
    private static final long SENT_AT_MOST = 16L * 1024 * 1024;

    private static final long HEAP_GROWTH_LIMIT = 32L * 1024 * 1024;

    @ParameterizedTest
    @CsvSource({
        "/webhooks/stripe, 413",
        "/%77ebhooks/stripe, 400",
        "/webhooks;x/stripe, 400",
        "/webhooks/stripe;x, 400",
        "//webhooks/stripe, 400",
        "/webhooks/./stripe, 400",
        "/api/../webhooks/stripe, 400",
        "/webhooks/gocardless, 413",
        "/webhooks/standard/justgiving, 413",
        "/api/campaigns/james-wish/offline-donations, 413",
        "/api/donations/stripe:pi_1, 413"
    })
    void aHugeChunkedBodyIsRefusedBeforeItIsRead(String path, int status) throws Exception {
        long heapBefore = heapAfterGc();

        var answer = HostileUpload.chunked(port, path, Map.of("Stripe-Signature", "t=1,v1=00"), HUGE);

        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains("\"status\":" + status); // a problem document, RFC 9457
        assertThat(answer.bytesSentBeforeAnswer()).isLessThan(SENT_AT_MOST);
        assertThat(heapAfterGc() - heapBefore).as("heap growth after GC, bytes").isLessThan(HEAP_GROWTH_LIMIT);
        assertAGenuineDonationIsStillAccepted();
    }

    private void assertAGenuineDonationIsStillAccepted() throws Exception {
        String pi = "pi_after_huge_" + UUID.randomUUID().toString().substring(0, 8);
        String payload = StripeSigner.checkoutCompleted("evt_" + pi, pi, "james-wish", 1500, "genuine@example.org");
        var answer = post(
                "/webhooks/stripe",
                payload,
                Map.of("Stripe-Signature", StripeSigner.header(payload, StripeWebhookTest.SECRET, Instant.now())));
        assertThat(answer.statusCode()).isEqualTo(200);
        awaitDonation("stripe:" + pi);
    }

    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
