package org.givingstream.notification.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param token the Bearer token of the ops API ({@code NOTIFICATIONS_OPS_TOKEN}); unset, every request is refused
 */
@ConfigurationProperties("notifications.ops")
record OpsProperties(String token) {}
