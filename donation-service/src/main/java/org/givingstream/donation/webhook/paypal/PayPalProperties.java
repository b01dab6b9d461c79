package org.givingstream.donation.webhook.paypal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * PayPal is optional: with no {@code webhookId} the service starts anyway and {@code /webhooks/paypal} answers 503
 * "not configured" (PayPal retries for days, so nothing is lost while it is being set up).
 *
 * @param webhookId the id PayPal gave OUR webhook ({@code DONATIONS_PAYPAL_WEBHOOK_ID}); it is part of what PayPal
 *     signs, so a delivery meant for another merchant's webhook does not verify here
 * @param certificatePem PayPal's signing certificate, pinned (PEM). When blank, the certificate named by each
 *     delivery's {@code PAYPAL-CERT-URL} is downloaded, from PayPal's own hosts only. A pinned certificate must be
 *     replaced when PayPal rotates its key.
 * @param tolerance how far {@code PAYPAL-TRANSMISSION-TIME} may be from now before the delivery counts as a replay
 */
@ConfigurationProperties("donations.paypal")
public record PayPalProperties(String webhookId, String certificatePem, @DefaultValue("300s") Duration tolerance) {

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
