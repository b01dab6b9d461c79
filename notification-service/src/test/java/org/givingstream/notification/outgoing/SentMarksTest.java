package org.givingstream.notification.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.givingstream.notification.outgoing.Notification.Status;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * SENT marks are written in bulk: a mark makes its PENDING notification SENT with the fields (and BSON types) the
 * {@link Notification} record reads; a mark for one that is no longer PENDING with that Message-ID changes nothing;
 * and a flush that cannot reach MongoDB keeps its marks, which the next flush writes. Against the MongoDB server of
 * the tests, on a database of its own, the outage made by a TCP proxy that drops every connection.
 */
class SentMarksTest {

    private static final String DATABASE = "sent_marks_test";

    private static MongoClient client;
    private static MongoTemplate mongo;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.shared().mongoUri(DATABASE));
        mongo = new MongoTemplate(client, DATABASE);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void aMarkMakesItsNotificationSentAsTheRecordReadsIt() {
        Notification check = pendingAddressCheck();
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SentMarks marks = new SentMarks(mongo);

        marks.add(new SentMark(check.id(), check.messageId(), "Organiser@Example.org", sentAt));

        assertThat(marks.flush()).isEqualTo(1);
        assertThat(marks.pending()).isZero();
        Notification sent = mongo.findById(check.id(), Notification.class);
        assertThat(sent.status()).isEqualTo(Status.SENT);
        assertThat(sent.sentAt()).isEqualTo(sentAt);
        assertThat(sent.to()).isEqualTo("Organiser@Example.org");
        assertThat(sent.recipientKey()).isEqualTo("organiser@example.org");
        assertThat(sent.linkToken()).isNull(); // the secret is gone once the mail is out
        assertThat(sent.linkTokenHash()).isEqualTo(check.linkTokenHash());
        Document stored = mongo.getCollection("notifications")
                .find(new Document("_id", check.id()))
                .first();
        assertThat(stored.get(Notification.STATUS)).isEqualTo("SENT");
        assertThat(stored.get(Notification.SENT_AT)).isInstanceOf(Date.class);
        assertThat(stored).doesNotContainKey(Notification.LINK_TOKEN);
    }

    @Test
    void aMarkForANotificationNoLongerPendingWithThatMessageIdChangesNothing() {
        Notification failed = pendingAddressCheck();
        mongo.updateFirst(
                query(where("_id").is(failed.id())),
                new Update().set(Notification.STATUS, Status.FAILED),
                Notification.class);
        Notification resent = pendingAddressCheck();
        mongo.updateFirst(
                query(where("_id").is(resent.id())),
                new Update().set(Notification.MESSAGE_ID, resent.messageIdOfResend(1)),
                Notification.class);
        SentMarks marks = new SentMarks(mongo);

        marks.add(new SentMark(failed.id(), failed.messageId(), failed.to(), Instant.now()));
        marks.add(new SentMark(resent.id(), resent.messageId(), resent.to(), Instant.now())); // a late, stale mark

        assertThat(marks.flush()).isZero();
        assertThat(marks.pending()).isZero(); // applied, to nothing: not kept
        assertThat(mongo.findById(failed.id(), Notification.class).status()).isEqualTo(Status.FAILED);
        Notification stillPending = mongo.findById(resent.id(), Notification.class);
        assertThat(stillPending.status()).isEqualTo(Status.PENDING);
        assertThat(stillPending.sentAt()).isNull();
        assertThat(stillPending.linkToken()).isEqualTo(resent.linkToken());
    }

    @Test
    void aFlushThatCannotReachMongoKeepsItsMarksAndTheNextOneWritesThem() throws Exception {
        Notification check = pendingAddressCheck();
        URI server = URI.create(Infrastructure.shared().mongoUri(DATABASE).replace("mongodb://", "tcp://"));
        try (CuttableProxy proxy = new CuttableProxy(server.getHost(), server.getPort());
                MongoClient viaProxy = MongoClients.create(MongoClientSettings.builder()
                        .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + proxy.port()))
                        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(1, TimeUnit.SECONDS))
                        .applyToSocketSettings(socket -> socket.connectTimeout(500, TimeUnit.MILLISECONDS)
                                .readTimeout(2, TimeUnit.SECONDS))
                        .applyToServerSettings(s -> s.heartbeatFrequency(500, TimeUnit.MILLISECONDS)
                                .minHeartbeatFrequency(100, TimeUnit.MILLISECONDS))
                        .build())) {
            SentMarks marks = new SentMarks(new MongoTemplate(viaProxy, DATABASE));
            marks.add(new SentMark(check.id(), check.messageId(), check.to(), Instant.now()));

            proxy.cut();
            assertThat(marks.flush()).isZero();
            assertThat(marks.pending()).isEqualTo(1);
            assertThat(mongo.findById(check.id(), Notification.class).status()).isEqualTo(Status.PENDING);

            proxy.restore();
            await().atMost(Duration.ofSeconds(20)).until(() -> marks.flush() == 1);
            assertThat(marks.pending()).isZero();
            assertThat(mongo.findById(check.id(), Notification.class).status()).isEqualTo(Status.SENT);
        }
    }

    /** An address check, PENDING but not due (so that nothing else would take it), with its link's secret. */
    private static Notification pendingAddressCheck() {
        String token = UUID.randomUUID().toString();
        String hash = UUID.randomUUID().toString().replace("-", "") + "00000000";
        Notification check = Notification.addressCheck(
                "campaign-" + UUID.randomUUID(),
                "organiser@example.org",
                token,
                hash,
                Instant.now().plusSeconds(3600));
        mongo.insert(check);
        return check;
    }

    /** Forwards TCP both ways; cut, it drops every connection and accepts none until restored. */
    private static final class CuttableProxy implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private volatile boolean cut;

        CuttableProxy(String host, int port) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        if (cut) {
                            client.close();
                            continue;
                        }
                        Socket upstream = new Socket(host, port);
                        open.add(client);
                        open.add(upstream);
                        Thread.ofVirtual().start(() -> pump(client, upstream));
                        Thread.ofVirtual().start(() -> pump(upstream, client));
                    } catch (IOException e) {
                        if (server.isClosed()) {
                            return;
                        }
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        void cut() throws IOException {
            cut = true;
            closeAll();
        }

        void restore() {
            cut = false;
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // one side went away, or the proxy was cut
            }
        }

        private void closeAll() throws IOException {
            for (Socket socket : open) {
                socket.close();
            }
            open.clear();
        }

        @Override
        public void close() throws IOException {
            server.close();
            closeAll();
        }
    }
}
