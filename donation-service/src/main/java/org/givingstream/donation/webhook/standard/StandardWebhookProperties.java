package org.givingstream.donation.webhook.standard;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platforms that send us Standard Webhooks, each under its own name: {@code POST /webhooks/standard/{source}}.
 * Checked at start-up: a source name must be a slug (it becomes part of donation ids), and every secret must be
 * {@code whsec_} followed by a non-empty base64 key.
 *
 * @param sources by source name, e.g. {@code justgiving}; from the environment only,
 *     {@code DONATIONS_STANDARD_SOURCES_JUSTGIVING_SECRETS=whsec_...,whsec_...}, never committed, never logged
 * @param tolerance how far {@code webhook-timestamp} may be from now before the delivery counts as a replay
 */
@ConfigurationProperties("donations.standard")
public record StandardWebhookProperties(
        @DefaultValue Map<String, Source> sources,
        @DefaultValue("300s") Duration tolerance) {

    /** Lower-case letters, digits and inner dashes, at most 40 characters: safe in ids, paths and metric tags. */
    static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

    private static final String SECRET_PREFIX = "whsec_";

    /** @param secrets the source's signing secrets; more than one while a secret is being rotated */
    public record Source(List<String> secrets) {

        public Source {
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
        }

        @Override
        public String toString() {
            return "Source[secrets=<" + secrets.size() + " hidden>]";
        }
    }

    public StandardWebhookProperties {
        sources.forEach(StandardWebhookProperties::check);
    }

    private static void check(String name, Source source) {
        String where = "donations.standard.sources." + name;
        if (!SOURCE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": a source name must match " + SOURCE_NAME.pattern());
        }
        if (source.secrets().isEmpty()) {
            throw new IllegalArgumentException(where + ".secrets: at least one secret is needed");
        }
        for (int i = 0; i < source.secrets().size(); i++) {
            if (signingKey(source.secrets().get(i)) == null) {
                throw new IllegalArgumentException(
                        where + ".secrets[" + i + "]: must be " + SECRET_PREFIX + " followed by a base64 key");
            }
        }
    }

    /** The HMAC key: the base64-decoded part after {@code whsec_}, or null when the secret is not of that form. */
    static byte[] signingKey(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder()
                    .decode(secret.substring(SECRET_PREFIX.length()).strip());
            return key.length == 0 ? null : key;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
