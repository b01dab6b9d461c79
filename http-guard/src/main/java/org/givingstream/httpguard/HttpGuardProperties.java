package org.givingstream.httpguard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize the largest request body any path of this service accepts; a controller may bound its own body
 *     lower (webhooks per provider, offline entries), never higher
 */
@ConfigurationProperties("giving.http")
public record HttpGuardProperties(@DefaultValue("64KB") DataSize maxBodySize) {}
