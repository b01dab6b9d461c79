package org.givingstream.campaign.admin;

import org.givingstream.httpguard.BearerToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Checks the platform administrator's bearer token ({@code campaigns.admin.token}) in constant time. */
@Component
public class AdminCredential {

    private static final Logger log = LoggerFactory.getLogger(AdminCredential.class);

    private final BearerToken token;

    AdminCredential(AdminProperties properties) {
        this.token = BearerToken.configured("campaigns.admin.token", properties.token());
        if (!token.isConfigured()) {
            log.warn("No campaigns.admin.token configured: nobody can open a campaign on this instance");
        }
    }

    /** Whether an {@code Authorization} header (null when absent) carries the administrator's token. */
    public boolean isAdmin(String authorization) {
        return token.matches(authorization);
    }

    /** @throws AdminCredentialRequiredException unless {@code authorization} carries the administrator's token */
    public void require(String authorization) {
        if (!isAdmin(authorization)) { // none configured: nobody is (the start-up log says so, not the caller)
            throw new AdminCredentialRequiredException(
                    authorization == null
                            ? "The platform administrator's bearer token is required."
                            : "The administrator token is not valid.");
        }
    }
}
