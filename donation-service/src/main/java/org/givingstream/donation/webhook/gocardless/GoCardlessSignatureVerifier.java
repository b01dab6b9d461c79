package org.givingstream.donation.webhook.gocardless;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.givingstream.donation.webhook.HmacSha256;
import org.givingstream.donation.webhook.InvalidTokenException;
import org.givingstream.donation.webhook.WebhookNotConfiguredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Verifies {@code Webhook-Signature} as GoCardless signs it: the lowercase hex HMAC-SHA256 of the raw body, keyed
 * with the endpoint secret. Any configured secret may match (rotation). A refusal is an {@link InvalidTokenException}:
 * GoCardless expects HTTP 498 for it.
 *
 * <p>GoCardless signs no timestamp, so a captured body could be replayed. That records nothing new: every event in it
 * is already in the ledger under the same keys, and a replayed failure only counts after a confirmation that
 * preceded it (see {@link GoCardlessStep.ReverseIfConfirmedBefore}).
 */
@Component
class GoCardlessSignatureVerifier {

    static final String PROVIDER = "gocardless";
    private static final Logger log = LoggerFactory.getLogger(GoCardlessSignatureVerifier.class);

    private final List<byte[]> secrets;

    GoCardlessSignatureVerifier(GoCardlessProperties properties) {
        this.secrets = properties.secrets().stream()
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8))
                .toList();
        if (secrets.isEmpty()) {
            log.info("GoCardless webhooks are off: no secret configured (DONATIONS_GOCARDLESS_SECRETS)");
        }
    }

    void verify(String header, byte[] body) {
        if (secrets.isEmpty()) {
            throw new WebhookNotConfiguredException(PROVIDER, "GoCardless webhooks are not configured here.");
        }
        if (header == null || header.isBlank()) {
            throw new InvalidTokenException(PROVIDER, "missing-header");
        }
        byte[] candidate = header.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        for (byte[] secret : secrets) {
            byte[] expected =
                    HexFormat.of().formatHex(HmacSha256.of(secret, body)).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, candidate)) { // constant time
                return;
            }
        }
        throw new InvalidTokenException(PROVIDER, "signature-mismatch");
    }
}
