package org.givingstream.localstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.concurrent.CountDownLatch;

/**
 * The MongoDB wire-protocol server of the local stack, in its own JVM: {@code MongoServerMain <port> [h2 file]}.
 * In memory by default; with a file it keeps data across a clean restart (not a durability guarantee).
 */
public final class MongoServerMain {

    private MongoServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        MongoBackend backend = args.length > 1 ? new H2Backend(args[1]) : new IdLookupMemoryBackend();
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        System.out.println("mongo-java-server listening on 127.0.0.1:" + port
                + (args.length > 1 ? " (H2 file " + args[1] + ")" : " (in memory)"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            stopped.countDown();
        }));
        stopped.await();
    }
}
