package org.givingstream.donation.webhook.standard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.givingstream.donation.webhook.HmacSha256;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.givingstream.donation.webhook.WebhookNotConfiguredException;
import org.springframework.stereotype.Component;

/**
 * Verifies a delivery as the Standard Webhooks specification signs it: {@code webhook-signature} is a
 * space-separated list of {@code v1,<base64>}, each an HMAC-SHA256 over {@code "{webhook-id}.{webhook-timestamp}.{raw
 * body}"} keyed with the base64-decoded part of a {@code whsec_} secret. Any v1 signature may match any secret of the
 * source (rotation); other versions ({@code v1a}, asymmetric) are ignored; timestamps outside the tolerance are
 * refused as replays.
 */
@Component
class StandardWebhookVerifier {

    static final String PROVIDER = "standard";
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{1,12}");
    private static final int MAX_ID_LENGTH = 256;

    private final Map<String, List<byte[]>> keysBySource;
    private final Duration tolerance;
    private final Clock clock;

    StandardWebhookVerifier(StandardWebhookProperties properties, Clock clock) {
        this.keysBySource = properties.sources().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey,
                        source -> source.getValue().secrets().stream()
                                .map(StandardWebhookProperties::signingKey)
                                .toList()));
        this.tolerance = properties.tolerance();
        this.clock = clock;
    }

    /** The metric tag for deliveries to {@code source}: its own for a configured source, a shared one otherwise. */
    String provider(String source) {
        return keysBySource.containsKey(source) ? PROVIDER + "/" + source : PROVIDER;
    }

    StandardDelivery verify(String source, String id, String timestamp, String signatures, byte[] body) {
        List<byte[]> keys = keysBySource.get(source);
        if (keys == null) {
            throw new WebhookNotConfiguredException(
                    PROVIDER, "No Standard Webhooks source of that name is configured here.");
        }
        String provider = provider(source);
        if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
            throw new InvalidSignatureException(provider, "missing-header");
        }
        if (id.length() > MAX_ID_LENGTH || !TIMESTAMP.matcher(timestamp).matches()) {
            throw new InvalidSignatureException(provider, "malformed-header");
        }
        Instant sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(sentAt, clock.instant()).abs().compareTo(tolerance) > 0) {
            throw new InvalidSignatureException(provider, "timestamp-outside-tolerance");
        }
        List<byte[]> candidates = v1Signatures(signatures);
        if (candidates.isEmpty()) {
            throw new InvalidSignatureException(provider, "malformed-header");
        }
        // the timestamp exactly as sent: it is what the sender signed
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        for (byte[] key : keys) {
            byte[] expected = Base64.getEncoder().encode(HmacSha256.of(key, prefix, body));
            for (byte[] candidate : candidates) {
                if (MessageDigest.isEqual(expected, candidate)) { // constant time
                    return new StandardDelivery(source, id, sentAt);
                }
            }
        }
        throw new InvalidSignatureException(provider, "signature-mismatch");
    }

    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.strip().split(" +")) {
            if (part.startsWith("v1,")) {
                signatures.add(part.substring(3).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return signatures;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
