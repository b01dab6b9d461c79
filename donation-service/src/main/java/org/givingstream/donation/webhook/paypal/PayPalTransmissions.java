package org.givingstream.donation.webhook.paypal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.givingstream.donation.webhook.WebhookUnavailableException;
import org.springframework.stereotype.Component;

/**
 * The {@code PAYPAL-TRANSMISSION-ID}s of verified deliveries, each with a SHA-256 of its body. PayPal's signature
 * covers only a CRC32 of the body, and another body with the same CRC32 is easy to make: without this, a captured
 * delivery could be replayed with other contents for as long as its transmission time is within the tolerance. The
 * same transmission with the same body again (a resend) goes through as before, and the ledger's keys count it once.
 * An id is remembered for twice the tolerance (a transmission time may be off by the tolerance either way), after
 * which the time check refuses the transmission anyway.
 *
 * <p>Per instance, in memory: a replay sent to another instance of the service is not caught here. Only deliveries
 * whose RSA signature verified are remembered, so the memory is bounded by PayPal's own traffic; past
 * {@link #MAX_REMEMBERED} the delivery is answered 503 and PayPal retries.
 */
@Component
class PayPalTransmissions {

    static final int MAX_REMEMBERED = 100_000;

    private record Taken(byte[] bodyHash, Instant until) {}

    private final Map<String, Taken> taken = new ConcurrentHashMap<>();
    private final Duration rememberFor;
    private final Clock clock;

    PayPalTransmissions(PayPalProperties properties, Clock clock) {
        this.rememberFor = properties.tolerance().multipliedBy(2);
        this.clock = clock;
    }

    /** @return false when this transmission id came before, within the window, with another body */
    boolean sameBodyAsBefore(String transmissionId, byte[] body) {
        Instant now = clock.instant();
        if (taken.size() >= MAX_REMEMBERED) {
            taken.values().removeIf(t -> !t.until().isAfter(now));
            if (taken.size() >= MAX_REMEMBERED) {
                throw new WebhookUnavailableException(
                        PayPalSignatureVerifier.PROVIDER,
                        "too-many-transmissions",
                        "Too many PayPal transmissions to remember; try again later");
            }
        }
        Taken fresh = new Taken(sha256(body), now.plus(rememberFor));
        Taken kept = taken.merge(
                transmissionId, fresh, (before, next) -> before.until().isAfter(now) ? before : next);
        return MessageDigest.isEqual(kept.bodyHash(), fresh.bodyHash());
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
