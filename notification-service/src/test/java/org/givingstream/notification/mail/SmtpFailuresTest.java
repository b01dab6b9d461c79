package org.givingstream.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

/**
 * Permanent or transient, judged on the exceptions Angus Mail and Spring really throw (built here, as the SMTP
 * client would build them from a server's reply).
 */
class SmtpFailuresTest {

    private static final InternetAddress DONOR = address("donor@example.org");

    @Test
    void aMailboxTheServerRefusesWithA5xxIsPermanent() {
        var refused = new SMTPAddressFailedException(DONOR, "RCPT TO", 550, "5.1.1 no such user");
        assertThat(SmtpFailures.isPermanent(sendFailed(invalid(refused)))).isTrue();
    }

    @Test
    void a4xxReplyIsTransient() {
        var greylisted = new SMTPAddressFailedException(DONOR, "RCPT TO", 451, "4.7.1 greylisted, try later");
        assertThat(SmtpFailures.isPermanent(sendFailed(validUnsent(greylisted))))
                .isFalse();
        var busy =
                new SMTPSendFailedException("DATA", 421, "4.3.2 too many messages, slow down", null, null, null, null);
        assertThat(SmtpFailures.isPermanent(sendFailed(busy))).isFalse();
    }

    @Test
    void aMessageRefusedWithA5xxAfterDataIsPermanent() {
        var rejected = new SMTPSendFailedException("DATA", 554, "5.7.1 message rejected", null, null, null, null);
        assertThat(SmtpFailures.isPermanent(sendFailed(rejected))).isTrue();
    }

    @Test
    void connectionTroubleAndTimeoutsAreTransient() {
        var refused = new MessagingException("Couldn't connect to host", new ConnectException("Connection refused"));
        var timeout = new MessagingException("Read timed out", new SocketTimeoutException("Read timed out"));
        assertThat(SmtpFailures.isPermanent(new MailSendException("Mail server connection failed", refused)))
                .isFalse();
        assertThat(SmtpFailures.isPermanent(sendFailed(timeout))).isFalse();
    }

    @Test
    void anAddressThatIsNotOneIsPermanentAndAuthenticationIsNot() {
        var notAnAddress = new AddressException("Domain contains illegal character", "ann@@example.org");
        assertThat(SmtpFailures.isPermanent(new MailPreparationException("Could not build mail", notAnAddress)))
                .isTrue();
        assertThat(SmtpFailures.isPermanent(new MailAuthenticationException("535 bad credentials")))
                .isFalse();
    }

    private static MailSendException sendFailed(Exception cause) {
        return new MailSendException(Map.of(new Object(), cause));
    }

    private static SendFailedException invalid(MessagingException reply) {
        return new SendFailedException(
                "Invalid Addresses", reply, new Address[0], new Address[0], new Address[] {DONOR});
    }

    private static SendFailedException validUnsent(MessagingException reply) {
        return new SendFailedException("Not sent", reply, new Address[0], new Address[] {DONOR}, new Address[0]);
    }

    private static InternetAddress address(String address) {
        try {
            return new InternetAddress(address);
        } catch (AddressException e) {
            throw new IllegalStateException(e);
        }
    }
}
