package org.givingstream.donation.webhook.stripe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.givingstream.donation.webhook.HmacSha256;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.springframework.stereotype.Component;

/**
 * Verifies {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]} as Stripe signs it: HMAC-SHA256 with
 * the endpoint secret over {@code "{t}.{raw body}"}. Any configured secret may match any {@code v1} (rotation);
 * other schemes such as {@code v0} are ignored; timestamps outside the tolerance are refused as replays.
 */
@Component
class StripeSignatureVerifier {

    static final String PROVIDER = "stripe";

    private final StripeProperties properties;
    private final Clock clock;

    StripeSignatureVerifier(StripeProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    void verify(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException(PROVIDER, "missing-header");
        }
        long timestamp = -1;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            switch (pair[0]) {
                case "t" -> timestamp = parseTimestamp(pair[1]);
                case "v1" -> signatures.add(pair[1].getBytes(StandardCharsets.US_ASCII));
                default -> {} // v0 and future schemes are not ours to trust
            }
        }
        if (timestamp < 0 || signatures.isEmpty()) {
            throw new InvalidSignatureException(PROVIDER, "malformed-header");
        }
        Duration age = Duration.between(Instant.ofEpochSecond(timestamp), clock.instant())
                .abs();
        if (age.compareTo(properties.tolerance()) > 0) {
            throw new InvalidSignatureException(PROVIDER, "timestamp-outside-tolerance");
        }
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        for (String secret : properties.secrets()) {
            byte[] mac = HmacSha256.of(secret.getBytes(StandardCharsets.UTF_8), prefix, body);
            byte[] expected = HexFormat.of().formatHex(mac).getBytes(StandardCharsets.US_ASCII);
            for (byte[] candidate : signatures) {
                if (MessageDigest.isEqual(expected, candidate)) { // constant time
                    return;
                }
            }
        }
        throw new InvalidSignatureException(PROVIDER, "signature-mismatch");
    }

    private static long parseTimestamp(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
