package org.givingstream.donation.webhook.gocardless;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param secrets the webhook endpoint's secrets, as GoCardless shows them when the endpoint is created; more than
 *     one while a secret is being rotated. From the environment only ({@code DONATIONS_GOCARDLESS_SECRETS}), never
 *     committed, never logged. None: GoCardless webhooks are not taken here (answered 404).
 */
@Validated
@ConfigurationProperties("donations.gocardless")
public record GoCardlessProperties(@DefaultValue List<@NotBlank String> secrets) {

    @Override
    public String toString() {
        return "GoCardlessProperties[secrets=<" + secrets.size() + " hidden>]";
    }
}
