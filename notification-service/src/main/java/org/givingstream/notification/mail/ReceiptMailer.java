package org.givingstream.notification.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/** Renders a thank-you receipt (plain text and HTML alternatives) and hands it to the SMTP server. */
@Component
public class ReceiptMailer {

    static final String PLAIN_TEMPLATE = "mail/receipt.txt";
    static final String HTML_TEMPLATE = "mail/receipt";

    // The concrete sender, not the interface: we need its Session to build a message with our own Message-ID.
    private final JavaMailSenderImpl sender;
    private final ITemplateEngine templates;
    private final NotificationMailProperties properties;

    ReceiptMailer(JavaMailSenderImpl sender, ITemplateEngine templates, NotificationMailProperties properties) {
        this.sender = sender;
        this.templates = templates;
        this.properties = properties;
    }

    /**
     * Sends one receipt. Returns once the SMTP server has accepted it.
     *
     * @throws MailException when the message cannot be built or the SMTP server cannot be reached or refuses it
     */
    public void send(ReceiptMail mail) {
        sender.send(message(mail));
    }

    private MimeMessage message(ReceiptMail mail) {
        Context context = new Context(ReceiptFormat.LOCALE, ReceiptFormat.variables(mail));
        String plain = templates.process(PLAIN_TEMPLATE, context);
        String html = templates.process(HTML_TEMPLATE, context);
        MimeMessage message = new FixedIdMimeMessage(sender.getSession(), mail.messageId());
        try {
            // multipart: the plain and HTML bodies travel as multipart/alternative
            MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
            helper.setFrom(properties.from(), properties.fromName());
            if (properties.replyTo() != null && !properties.replyTo().isBlank()) {
                helper.setReplyTo(properties.replyTo());
            }
            helper.setTo(mail.to());
            helper.setSubject(ReceiptFormat.subject(mail));
            helper.setText(plain, html);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new MailPreparationException("Could not build receipt " + mail.receiptNumber(), e);
        }
        return message;
    }
}
