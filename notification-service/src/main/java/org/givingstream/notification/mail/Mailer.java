package org.givingstream.notification.mail;

import jakarta.activation.FileTypeMap;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.ConfigurableMimeFileTypeMap;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders a mail (plain text and HTML alternatives, from {@code templates/mail/<name>.txt} and {@code .html}) and
 * hands it to the SMTP server over a kept-open connection ({@link SmtpConnections}), once, without retrying: {@link MailGateway} adds retries, the circuit breaker and
 * the rate limit.
 */
@Component
class Mailer {

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    /**
     * Jakarta Mail 2.1 looks up its {@code StreamProvider} each time a {@code MimeBodyPart} or {@code MimeMultipart}
     * is made, and without this property that is a {@code ServiceLoader} scan of every jar on the classpath (through
     * Boot's nested jars): a JFR profile of the bench put 43 % of this service's CPU there. Naming the provider
     * (Angus Mail's, the one the scan finds anyway) makes it a class lookup. A value set on the command line wins.
     */
    static {
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    // The concrete sender, not the interface: we need its Session to build a message with our own Message-ID.
    private final JavaMailSenderImpl sender;
    private final SmtpConnections connections;
    private final ITemplateEngine templates;
    private final NotificationMailProperties properties;

    Mailer(
            JavaMailSenderImpl sender,
            SmtpConnections connections,
            ITemplateEngine templates,
            NotificationMailProperties properties) {
        this.sender = sender;
        this.connections = connections;
        this.templates = templates;
        this.properties = properties;
    }

    /**
     * Sends one mail. Returns once the SMTP server has accepted it.
     *
     * @throws MailException when the message cannot be built (e.g. an invalid address) or the SMTP server cannot be
     *     reached or refuses it
     */
    void send(Mail mail) {
        connections.send(message(mail)); // over a kept-open connection, not one per mail
    }

    private MimeMessage message(Mail mail) {
        Rendered rendered = render(mail);
        MimeMessage message = new FixedIdMimeMessage(sender.getSession(), mail.messageId());
        try {
            // multipart: the plain and HTML bodies travel as multipart/alternative
            MimeMessageHelper helper = new SharedTypesHelper(message);
            helper.setValidateAddresses(true); // "donor.example.org" is refused here, not bounced later
            helper.setFrom(properties.from(), properties.fromName());
            if (properties.replyTo() != null && !properties.replyTo().isBlank()) {
                helper.setReplyTo(properties.replyTo());
            }
            helper.setTo(mail.to());
            helper.setSubject(rendered.subject());
            helper.setText(rendered.plain(), rendered.html());
            if (mail instanceof RefundMail refund) {
                // threads the notice under the receipt it corrects
                message.setHeader("In-Reply-To", refund.receiptMessageId());
                message.setHeader("References", refund.receiptMessageId());
            }
            // what JavaMailSender did before sending: a date, and the headers saved (our Message-ID kept)
            message.setSentDate(new Date());
            message.saveChanges();
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new MailPreparationException("Could not build mail " + mail.messageId(), e);
        }
        return message;
    }

    private Rendered render(Mail mail) {
        return switch (mail) {
            case ReceiptMail receipt ->
                rendered("receipt", ReceiptFormat.subject(receipt), ReceiptFormat.variables(receipt));
            case RefundMail refund -> rendered("refund", NoticeFormat.subject(refund), NoticeFormat.variables(refund));
            case MilestoneMail milestone ->
                rendered("milestone", NoticeFormat.subject(milestone), NoticeFormat.variables(milestone));
            case AddressCheckMail check ->
                rendered("address-check", NoticeFormat.subject(check), NoticeFormat.variables(check));
        };
    }

    private Rendered rendered(String template, String subject, Map<String, Object> variables) {
        Context context = new Context(ReceiptFormat.LOCALE, variables);
        return new Rendered(
                subject,
                templates.process("mail/" + template + ".txt", context),
                templates.process("mail/" + template, context));
    }

    private record Rendered(String subject, String plain, String html) {}

    /**
     * Spring's helper, multipart and UTF-8, with one MIME type map for all messages. For a message that is not one
     * its sender created, the helper builds a new map in its constructor, reading {@code mime.types} from the
     * classpath; that was half of this service's CPU in the spike benchmark (bench/RESULTS.md). Ours must be our own
     * {@link FixedIdMimeMessage}, so it shares the map instead. The map is only read after it is built.
     */
    private static final class SharedTypesHelper extends MimeMessageHelper {

        private static final FileTypeMap TYPES = types();

        SharedTypesHelper(MimeMessage message) throws MessagingException {
            super(message, true, StandardCharsets.UTF_8.name());
        }

        @Override
        protected FileTypeMap getDefaultFileTypeMap(MimeMessage message) {
            return TYPES;
        }

        private static FileTypeMap types() {
            ConfigurableMimeFileTypeMap types = new ConfigurableMimeFileTypeMap();
            types.afterPropertiesSet();
            return types;
        }
    }
}
