package org.givingstream.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The load generator's HTTP/1.1 client: keep-alive connections to one server, a request written as one array of
 * bytes made before the load, and only as much of the answer read as HTTP/1.1 needs to reuse the connection (status,
 * {@code Content-Length} or chunked body, {@code Connection: close}). {@code java.net.http.HttpClient} spent about
 * 0.3-0.5 ms of CPU per request here (futures, hand-offs between its threads, a request object per webhook): at
 * 3,000 webhooks/s most of a core of a two-core machine. Blocking calls, each from its own virtual thread; at most
 * as many connections as calls at once (the generator's {@code maxInFlight}), idle ones reused newest first.
 */
final class Http1Pool implements AutoCloseable {

    /** Servers close idle keep-alive connections after 20 s (Tomcat) or 30 s (the JDK's): never reuse one that old. */
    private static final long MAX_IDLE_NANOS = Duration.ofSeconds(5).toNanos();

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 30_000;

    private final InetSocketAddress server;
    private final String hostHeader;
    private final String path;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    Http1Pool(URI url) {
        int port = url.getPort() < 0 ? 80 : url.getPort();
        this.server = new InetSocketAddress(url.getHost(), port);
        this.hostHeader = url.getHost() + ":" + port;
        this.path = url.getRawPath();
    }

    /** A whole POST of a JSON body with its Stripe signature, ready to write. */
    byte[] post(byte[] json, String signature) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + hostHeader
                        + "\r\nContent-Type: application/json\r\nStripe-Signature: " + signature
                        + "\r\nContent-Length: " + json.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + json.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(json, 0, request, head.length, json.length);
        return request;
    }

    /** Writes the request, reads the answer; returns its status. Blocks: call it from a virtual thread. */
    int exchange(byte[] request) throws IOException {
        Connection connection = take();
        boolean reusable = false;
        try {
            connection.out.write(request);
            int status = connection.readAnswer();
            reusable = connection.keepAlive;
            return status;
        } finally {
            if (reusable) {
                connection.idleSince = System.nanoTime();
                idle.addFirst(connection);
            } else {
                connection.close();
            }
        }
    }

    private Connection take() throws IOException {
        for (Connection c; (c = idle.pollFirst()) != null; ) {
            if (System.nanoTime() - c.idleSince < MAX_IDLE_NANOS) {
                return c;
            }
            c.close();
        }
        return new Connection(server);
    }

    @Override
    public void close() {
        for (Connection c; (c = idle.pollFirst()) != null; ) {
            c.close();
        }
    }

    private static final class Connection {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final StringBuilder line = new StringBuilder(64);
        private boolean keepAlive;
        private long idleSince;

        Connection(InetSocketAddress server) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(server, CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 4096);
        }

        /** Reads one whole answer; sets whether the connection can carry the next request. */
        int readAnswer() throws IOException {
            String statusLine = readLine(); // HTTP/1.1 200 OK
            if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            keepAlive = statusLine.startsWith("HTTP/1.1");
            long length = -1;
            boolean chunked = false;
            for (String header = readLine(); !header.isEmpty(); header = readLine()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" ->
                        keepAlive = !value.contains("close") && (keepAlive || value.contains("keep-alive"));
                    default -> {}
                }
            }
            if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    skip(size);
                    readLine(); // the CRLF after the chunk
                }
                while (!readLine().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else if (status != 204 && status != 304 && status >= 200) {
                keepAlive = false; // the body runs to the end of the connection: leave it unread
            }
            return status;
        }

        private long chunkSize() throws IOException {
            String size = readLine();
            int extension = size.indexOf(';');
            return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        }

        private void skip(long n) throws IOException {
            for (long left = n; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("answer cut short");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        /** A header line without its CRLF (ISO-8859-1, as HTTP/1.1 headers are). */
        private String readLine() throws IOException {
            line.setLength(0);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
