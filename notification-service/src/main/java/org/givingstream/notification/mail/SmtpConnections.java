package org.givingstream.notification.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Open SMTP connections, kept between mails: a sender takes an idle one (or connects a new one), sends, and gives
 * it back. Spring's {@code JavaMailSender} connects, greets and quits for every message, which was about a quarter
 * of this service's CPU per mail. A connection that fails in any way is closed, never reused; one idle for longer
 * than {@link #IDLE_TIMEOUT} is closed (well before servers drop idle clients, RFC 5321 gives them 5 minutes).
 *
 * <p>A reused connection the server has dropped meanwhile fails on its first command, before a message is
 * accepted: that try is repeated at once on a fresh connection. Any other failure is thrown as Spring's
 * {@code JavaMailSenderImpl} throws it ({@link MailSendException} with the failed message, or
 * {@link MailAuthenticationException}), so {@link SmtpFailures} classifies it as before.
 */
@Component
class SmtpConnections implements DisposableBean {

    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(SmtpConnections.class);

    private final JavaMailSenderImpl settings;
    private final Counter opened;
    private final Deque<Idle> idle = new ArrayDeque<>(); // guarded by itself; most recently used first
    private final ScheduledExecutorService reaper;

    SmtpConnections(JavaMailSenderImpl settings, MeterRegistry meters) {
        this.settings = settings;
        this.opened = Counter.builder("notifications.smtp.connections")
                .description("SMTP connections opened (each is reused for many mails)")
                .register(meters);
        this.reaper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("smtp-idle-reaper").daemon().factory());
        long period = IDLE_TIMEOUT.toMillis() / 2;
        reaper.scheduleWithFixedDelay(() -> closeIdleLongerThan(IDLE_TIMEOUT), period, period, TimeUnit.MILLISECONDS);
    }

    private record Idle(Transport transport, long since) {}

    /**
     * Sends a message ready to go (its headers saved); returns once the SMTP server has accepted it.
     *
     * @throws MailSendException when it could not be sent, {@link MailAuthenticationException} when the server
     *     refused our credentials
     */
    void send(MimeMessage message) {
        Idle reused = takeIdle();
        if (reused != null) {
            try {
                sendOver(reused.transport(), message);
                giveBack(reused.transport());
                return;
            } catch (MessagingException | IllegalStateException e) { // ISE: the transport noticed it is closed
                close(reused.transport());
                if (e instanceof MessagingException failure && !droppedWhileIdle(failure)) {
                    throw new MailSendException(Map.of(message, failure));
                }
                log.debug("Reused SMTP connection was closed by the server; sending on a new one: {}", e.getMessage());
            }
        }
        Transport fresh = connect();
        try {
            sendOver(fresh, message);
        } catch (MessagingException e) {
            close(fresh);
            throw new MailSendException(Map.of(message, e));
        }
        giveBack(fresh);
    }

    private static void sendOver(Transport transport, MimeMessage message) throws MessagingException {
        Address[] recipients = message.getAllRecipients();
        transport.sendMessage(message, recipients != null ? recipients : new Address[0]);
    }

    /**
     * The server hung up before answering us: no SMTP reply code anywhere in the failure, so no command of this
     * message was accepted (a dropped idle connection fails on its first command, MAIL FROM).
     */
    private static boolean droppedWhileIdle(MessagingException failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (SmtpFailures.replyCode(cause) > 0) {
                return false;
            }
        }
        return true;
    }

    private static Throwable next(Throwable cause) {
        Throwable next = cause instanceof MessagingException messaging && messaging.getNextException() != null
                ? messaging.getNextException()
                : cause.getCause();
        return next == cause ? null : next;
    }

    private Transport connect() {
        try {
            Transport transport = settings.getSession()
                    .getTransport(settings.getProtocol() != null ? settings.getProtocol() : "smtp");
            transport.connect(
                    settings.getHost(),
                    settings.getPort(),
                    blankToNull(settings.getUsername()),
                    blankToNull(settings.getPassword()));
            opened.increment();
            return transport;
        } catch (AuthenticationFailedException e) {
            throw new MailAuthenticationException(e);
        } catch (MessagingException e) {
            throw new MailSendException("Mail server connection failed", e);
        }
    }

    private Idle takeIdle() {
        synchronized (idle) {
            return idle.pollFirst();
        }
    }

    private void giveBack(Transport transport) {
        synchronized (idle) {
            idle.addFirst(new Idle(transport, System.nanoTime()));
        }
    }

    /** Closes the connections idle for longer than this; the ones in use are left alone. */
    void closeIdleLongerThan(Duration timeout) {
        long now = System.nanoTime();
        Deque<Idle> expired = new ArrayDeque<>();
        synchronized (idle) {
            while (!idle.isEmpty() && now - idle.peekLast().since() >= timeout.toNanos()) {
                expired.add(idle.pollLast());
            }
        }
        expired.forEach(connection -> close(connection.transport()));
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            log.debug("Closing an SMTP connection failed: {}", e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public void destroy() {
        reaper.shutdownNow();
        closeIdleLongerThan(Duration.ZERO);
    }
}
