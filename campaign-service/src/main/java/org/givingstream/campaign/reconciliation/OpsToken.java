package org.givingstream.campaign.reconciliation;

import org.givingstream.httpguard.BearerToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Checks {@code Authorization: Bearer <campaigns.ops.token>}, in constant time; never logs the token. */
@Component
class OpsToken {

    private static final Logger log = LoggerFactory.getLogger(OpsToken.class);

    private final BearerToken token;

    OpsToken(OpsProperties properties) {
        this.token = BearerToken.configured("campaigns.ops.token", properties.token());
        if (!token.isConfigured()) {
            log.warn("No campaigns.ops.token configured: reconciliation and rebuild endpoints refuse every request");
        }
    }

    /** @throws OpsAccessDenied unless {@code authorization} carries the configured token */
    void require(String authorization) {
        if (!token.isConfigured()) {
            throw new OpsAccessDenied("No operator token is configured on this instance.");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length())) {
            throw new OpsAccessDenied("An operator bearer token is required.");
        }
        if (!token.matches(authorization)) {
            throw new OpsAccessDenied("The operator token is not valid.");
        }
    }

    static final class OpsAccessDenied extends RuntimeException {
        OpsAccessDenied(String message) {
            super(message);
        }
    }
}
