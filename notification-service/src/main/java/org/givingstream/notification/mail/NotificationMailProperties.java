package org.givingstream.notification.mail;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who our emails come from.
 *
 * @param from the sender address, e.g. {@code receipts@giving-stream.local}
 * @param fromName the display name beside it
 * @param replyTo where donors' replies go; unset means replies go to {@code from}
 */
@Validated
@ConfigurationProperties("notifications.mail")
record NotificationMailProperties(
        @DefaultValue("receipts@giving-stream.local") @NotBlank @Email String from,
        @DefaultValue("Giving Stream") String fromName,
        @Email String replyTo) {}
