package org.givingstream.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.bson.Document;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.Test;

/**
 * A MongoDB that stops answering (a hung server, a network path that drops packets without a reset) fails the
 * operation after {@code notifications.storage.read-timeout}; with the driver's default the calling thread would wait
 * forever, and for the notification drain that means receipts pending with nothing logged.
 */
class MongoRepliesAreBoundedTest {

    @Test
    void aServerThatStopsAnsweringFailsTheCallInsteadOfHoldingItForever() throws Exception {
        URI mongo =
                URI.create(Infrastructure.shared().mongoUri("bounded_replies").replace("mongodb://", "tcp://"));
        try (SilencingProxy proxy = new SilencingProxy(mongo.getHost(), mongo.getPort())) {
            MongoClientSettings.Builder settings = MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + proxy.port()));
            new MongoConfiguration()
                    .boundedMongoReplies(new MongoConfiguration.StorageProperties(Duration.ofMillis(700)))
                    .customize(settings);
            try (MongoClient client = MongoClients.create(settings.build())) {
                MongoCollection<Document> notifications =
                        client.getDatabase("bounded_replies").getCollection("notifications");
                notifications.insertOne(new Document("_id", "receipt:1"));
                assertThat(notifications.countDocuments()).isEqualTo(1);

                proxy.silence();
                long started = System.nanoTime();
                assertThatThrownBy(() -> notifications.find().first())
                        .isInstanceOf(MongoSocketReadTimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            }
        }
    }

    /** Forwards TCP both ways until silenced; then keeps every connection open and forwards no more replies. */
    private static final class SilencingProxy implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private final CountDownLatch silenced = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);

        SilencingProxy(String host, int port) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket upstream = new Socket(host, port);
                        open.add(client);
                        open.add(upstream);
                        Thread.ofVirtual().start(() -> pump(client, upstream, false));
                        Thread.ofVirtual().start(() -> pump(upstream, client, true));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        void silence() {
            silenced.countDown();
        }

        private void pump(Socket from, Socket to, boolean reply) {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    if (reply && silenced.getCount() == 0) {
                        closed.await(); // hold the connection open, answer nothing
                        return;
                    }
                    out.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // one side went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            closed.countDown();
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
        }
    }
}
