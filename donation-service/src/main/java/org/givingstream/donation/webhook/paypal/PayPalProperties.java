package org.givingstream.donation.webhook.paypal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * PayPal is optional: with no {@code webhookId} the service starts anyway and {@code /webhooks/paypal} answers 503
 * "not configured" (PayPal retries for days, so nothing is lost while it is being set up).
 *
 * @param webhookId the id PayPal gave OUR webhook ({@code DONATIONS_PAYPAL_WEBHOOK_ID}); it is part of what PayPal
 *     signs, so a delivery meant for another merchant's webhook does not verify here
 * @param certificatePem PayPal's signing certificate, pinned (PEM). When blank, the certificate named by each
 *     delivery's {@code PAYPAL-CERT-URL} is downloaded (see {@code certificates}). A pinned certificate must be
 *     replaced when PayPal rotates its key.
 * @param tolerance how far {@code PAYPAL-TRANSMISSION-TIME} may be from now before the delivery counts as a replay;
 *     within it a {@code PAYPAL-TRANSMISSION-ID} is taken once
 * @param certificates which downloaded certificates are trusted
 */
@ConfigurationProperties("donations.paypal")
public record PayPalProperties(
        String webhookId,
        String certificatePem,
        @DefaultValue("300s") Duration tolerance,
        @DefaultValue Certificates certificates) {

    /**
     * {@code donations.paypal.certificates.*}.
     *
     * @param hosts the hosts a {@code PAYPAL-CERT-URL} may name (PayPal's live and sandbox API hosts); the path must
     *     be PayPal's certificate path, {@code /v1/notifications/certs/CERT-...}
     * @param signerCommonName the common name (CN) the signing certificate must carry
     * @param trustAnchorsPem the CAs a downloaded chain must lead to (PEM); blank = the JDK's trust store, which holds
     *     the public CA that issues PayPal's certificate. Set only for tests or a private PayPal-like provider.
     * @param downloadsPerMinute at most this many certificate downloads a minute; further new URLs are answered 503
     *     (PayPal retries), so forged URLs cannot make us download without end
     * @param failuresRememberedFor how long a URL whose certificate was refused is refused without a download
     */
    public record Certificates(
            @DefaultValue({"api.paypal.com", "api-m.paypal.com", "api.sandbox.paypal.com", "api-m.sandbox.paypal.com"})
            List<String> hosts,

            @DefaultValue("messageverificationcerts.paypal.com")
            String signerCommonName,

            String trustAnchorsPem,
            @DefaultValue("10") int downloadsPerMinute,
            @DefaultValue("10m") Duration failuresRememberedFor) {

        public Certificates {
            hosts = List.copyOf(hosts);
            if (downloadsPerMinute < 1) {
                throw new IllegalArgumentException("donations.paypal.certificates.downloads-per-minute must be >= 1");
            }
        }
    }

    boolean configured() {
        return webhookId != null && !webhookId.isBlank();
    }

    boolean pinned() {
        return certificatePem != null && !certificatePem.isBlank();
    }

    @Override
    public String toString() {
        return "PayPalProperties[webhookId=" + (configured() ? webhookId : "<none>") + ", certificate="
                + (pinned() ? "pinned" : "downloaded") + ", tolerance=" + tolerance + "]";
    }
}
