package org.givingstream.campaign.reconciliation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** Checks {@code Authorization: Bearer <campaigns.ops.token>}, in constant time; never logs the token. */
@Component
@EnableConfigurationProperties(OpsProperties.class)
class OpsToken {

    private static final Logger log = LoggerFactory.getLogger(OpsToken.class);
    private static final String BEARER = "Bearer ";

    private final byte[] token;

    OpsToken(OpsProperties properties) {
        this.token = properties.token() == null ? null : properties.token().getBytes(StandardCharsets.UTF_8);
        if (token == null) {
            log.warn("No campaigns.ops.token configured: reconciliation and rebuild endpoints refuse every request");
        }
    }

    /** @throws OpsAccessDenied unless {@code authorization} carries the configured token */
    void require(String authorization) {
        if (token == null) {
            throw new OpsAccessDenied("No operator token is configured on this instance.");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new OpsAccessDenied("An operator bearer token is required.");
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, presented)) {
            throw new OpsAccessDenied("The operator token is not valid.");
        }
    }

    static final class OpsAccessDenied extends RuntimeException {
        OpsAccessDenied(String message) {
            super(message);
        }
    }
}
