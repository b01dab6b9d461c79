package org.givingstream.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.notification.NotificationServiceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.thymeleaf.ITemplateEngine;

/**
 * Mails go over kept-open SMTP connections: counted where the server sees them, by a TCP relay in front of the
 * test's GreenMail, which can also hang up on every open connection, as a server does with idle clients.
 */
class SmtpConnectionsAreReusedTest extends NotificationServiceTest {

    @Autowired
    ITemplateEngine templates;

    @Autowired
    NotificationMailProperties properties;

    @Autowired
    JavaMailSenderImpl configured;

    private Relay relay;
    private SmtpConnections connections;
    private Mailer mailer;

    @BeforeEach
    void relayToGreenMail() throws IOException {
        relay = new Relay(SMTP_PORT);
        JavaMailSenderImpl viaRelay = new JavaMailSenderImpl();
        viaRelay.setJavaMailProperties(configured.getJavaMailProperties());
        viaRelay.setHost("127.0.0.1");
        viaRelay.setPort(relay.port());
        connections = new SmtpConnections(viaRelay, new SimpleMeterRegistry());
        mailer = new Mailer(viaRelay, connections, templates, properties);
    }

    @AfterEach
    void stop() throws IOException {
        connections.destroy();
        relay.close();
    }

    @Test
    void tenMailsGoOverOneConnection() {
        List<ReceiptMail> mails = receipts(10);

        mails.forEach(mailer::send);

        mails.forEach(mail -> assertThat(messagesTo(mail.to())).hasSize(1));
        assertThat(relay.accepted()).isEqualTo(1);
    }

    @Test
    void aConnectionTheServerDroppedBetweenMailsIsReplacedAndTheNextMailGoesOutOnce() {
        List<ReceiptMail> mails = receipts(2);
        mailer.send(mails.get(0));

        relay.hangUpOnEveryone();
        mailer.send(mails.get(1));

        assertThat(messagesTo(mails.get(0).to())).hasSize(1);
        assertThat(messagesTo(mails.get(1).to())).hasSize(1);
        assertThat(relay.accepted()).isEqualTo(2);
    }

    @Test
    void anIdleConnectionIsClosedAndTheNextMailOpensANewOne() {
        List<ReceiptMail> mails = receipts(2);
        mailer.send(mails.get(0));

        connections.closeIdleLongerThan(java.time.Duration.ZERO);
        mailer.send(mails.get(1));

        assertThat(messagesTo(mails.get(1).to())).hasSize(1);
        assertThat(relay.accepted()).isEqualTo(2);
    }

    private static List<ReceiptMail> receipts(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> {
                    String donationId = unique("stripe:pi_reuse_");
                    Donor donor = donor("Reuse " + i);
                    DonationEvent event = new DonationEvent(
                            unique("evt-"),
                            DonationEventTypes.RECEIVED,
                            DonationEvent.SCHEMA_VERSION,
                            Instant.parse("2026-03-14T15:09:26Z"),
                            donationId,
                            "campaign-reuse",
                            Money.of(1000, "GBP"),
                            false,
                            donor,
                            null,
                            "stripe",
                            donationId.substring(7));
                    return new ReceiptMail(
                            donor.email(),
                            "GS-0000-0000-0000-000" + i,
                            "<receipt." + donationId.substring(7) + "@giving-stream.local>",
                            event,
                            CampaignDetails.onlyId("campaign-reuse"));
                })
                .toList();
    }

    /** Relays TCP connections to a port, counting them; can close all open ones at once. */
    private static final class Relay implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        Relay(int target) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        accepted.incrementAndGet();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        open.add(client);
                        open.add(upstream);
                        pipe(client, upstream);
                        pipe(upstream, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        void hangUpOnEveryone() {
            open.forEach(Relay::closeQuietly);
            open.clear();
        }

        private static void pipe(Socket from, Socket to) {
            Thread.ofVirtual().start(() -> {
                try (InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // one side hung up
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            });
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            hangUpOnEveryone();
        }
    }
}
