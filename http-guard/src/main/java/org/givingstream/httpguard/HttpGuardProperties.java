package org.givingstream.httpguard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize the largest request body any path of this service accepts; a controller may bound its own body
 *     lower (webhooks per provider, offline entries), never higher
 * @param authFailures how many 401s and 403s one client may collect before it is answered 429
 */
@ConfigurationProperties("giving.http")
public record HttpGuardProperties(
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue AuthFailures authFailures) {

    /**
     * {@code giving.http.auth-failures.*}.
     *
     * @param perMinute failed attempts a client may make a minute
     * @param maxClients how many failing clients are tracked at once (the most recent ones)
     */
    public record AuthFailures(
            @DefaultValue("10") int perMinute,
            @DefaultValue("10000") int maxClients) {

        public AuthFailures {
            if (perMinute < 1 || maxClients < 1) {
                throw new IllegalArgumentException("giving.http.auth-failures.* must be at least 1");
            }
        }
    }
}
