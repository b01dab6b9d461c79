package org.givingstream.notification.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.lang.reflect.Method;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

/**
 * Tells a failure that will not go away (retrying cannot help: the mail is FAILED) from one that may (retry later).
 *
 * <p>Permanent: the message cannot be built (an address that is not an address), or the server answered with a
 * 5xx reply (RFC 5321 §4.2.1: "permanent negative completion"), e.g. 550 no such mailbox, or listed the address as
 * invalid. Transient: everything else — connection refused or reset, timeouts, 4xx replies (greylisting, rate
 * limits, mailbox busy), authentication (a configuration we can fix while receipts wait).
 */
public final class SmtpFailures {

    private SmtpFailures() {}

    public static boolean isPermanent(Throwable failure) {
        if (failure instanceof MailPreparationException || failure instanceof MailParseException) {
            return true;
        }
        if (failure instanceof MailSendException send) {
            if (send.getFailedMessages().isEmpty()) {
                return chainIsPermanent(send);
            }
            return send.getFailedMessages().values().stream().allMatch(SmtpFailures::chainIsPermanent);
        }
        return !(failure instanceof MailException) && chainIsPermanent(failure);
    }

    /** Looks through the cause chain for an SMTP reply code or a refused address. */
    private static boolean chainIsPermanent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            int code = replyCode(cause);
            if (code > 0) {
                return code >= 500 && code < 600;
            }
            if (cause instanceof SendFailedException refused
                    && hasAny(refused.getInvalidAddresses())
                    && !hasAny(refused.getValidUnsentAddresses())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SMTP reply code Angus Mail records on its {@code SMTPAddressFailedException} and
     * {@code SMTPSendFailedException}; those classes are Angus's implementation (runtime scope), so it is read by
     * name; -1 when there is none.
     */
    static int replyCode(Throwable failure) {
        if (!(failure instanceof MessagingException)) {
            return -1;
        }
        try {
            Method method = failure.getClass().getMethod("getReturnCode");
            return method.getReturnType() == int.class ? (int) method.invoke(failure) : -1;
        } catch (ReflectiveOperationException | RuntimeException notAnSmtpReply) {
            return -1;
        }
    }

    private static Throwable next(Throwable cause) {
        Throwable next = cause instanceof MessagingException messaging && messaging.getNextException() != null
                ? messaging.getNextException()
                : cause.getCause();
        return next == cause ? null : next;
    }

    private static boolean hasAny(Address[] addresses) {
        return addresses != null && addresses.length > 0;
    }
}
