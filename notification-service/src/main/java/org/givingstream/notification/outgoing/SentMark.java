package org.givingstream.notification.outgoing;

import java.time.Instant;

/**
 * That the SMTP server accepted a notification's mail, waiting to be written by {@link SentMarks}.
 *
 * @param id the notification
 * @param messageId the Message-ID that was sent: the mark applies only while the notification still has it, so a
 *     late mark cannot mark a deliberate resend (which has a new one) as sent
 * @param to the address it went to
 * @param sentAt when the SMTP server accepted it
 */
record SentMark(String id, String messageId, String to, Instant sentAt) {}
