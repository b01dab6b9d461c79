package org.givingstream.donation.webhook.stripe;

import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param secrets the endpoint's signing secrets ({@code whsec_...}); more than one while a secret is being rotated.
 *     From the environment only ({@code DONATIONS_STRIPE_SECRETS}), never committed, never logged.
 * @param tolerance how far a signature's timestamp may be from now before the delivery counts as a replay
 */
@Validated
@ConfigurationProperties("donations.stripe")
public record StripeProperties(
        @NotEmpty List<String> secrets,
        @DefaultValue("300s") Duration tolerance) {

    @Override
    public String toString() {
        return "StripeProperties[secrets=<" + secrets.size() + " hidden>, tolerance=" + tolerance + "]";
    }
}
