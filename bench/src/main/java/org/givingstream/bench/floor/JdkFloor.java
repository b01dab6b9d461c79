package org.givingstream.bench.floor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plain floor: the JDK's own HTTP server (as the baseline monolith uses) on virtual threads, doing nothing with
 * a webhook but read it and answer 200 with a tiny JSON. What this machine and the load generator allow a server
 * that does no work at all. {@code GET /count} answers how many webhooks it read.
 *
 * <p>{@code java ... JdkFloor <port>}
 */
public final class JdkFloor {

    private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
    private static final AtomicLong RECEIVED = new AtomicLong();

    private JdkFloor() {}

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/webhooks/stripe", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                RECEIVED.incrementAndGet();
                answer(exchange, OK);
            }
        });
        server.createContext("/count", exchange -> {
            try (exchange) {
                answer(exchange, ("{\"received\":" + RECEIVED.get() + "}").getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        System.out.println("JDK floor listening on " + args[0]);
    }

    private static void answer(HttpExchange exchange, byte[] json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        exchange.getResponseBody().write(json);
    }
}
