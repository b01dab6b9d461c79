package org.givingstream.notification.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message whose {@code Message-ID} we choose. Jakarta Mail replaces the header with a fresh random one in
 * {@code saveChanges()}, which every send calls; overriding {@link #updateMessageID()} keeps ours, so a resend
 * carries the same id as the first send.
 */
final class FixedIdMimeMessage extends MimeMessage {

    private final String messageId;

    FixedIdMimeMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }
}
