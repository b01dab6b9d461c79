package org.givingstream.testinfra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sender of huge request bodies over a raw socket, so that the path is sent exactly as spelled (no client
 * normalises it) and the server's answer is read while the body is still being streamed: what a hostile sender does.
 */
public final class HostileUpload {

    private static final int CHUNK = 64 * 1024;

    /**
     * @param status the HTTP status the server answered with (-1: the connection ended without one)
     * @param bytesSentBeforeAnswer how much of the body had been written when the answer arrived
     */
    public record Answer(int status, long bytesSentBeforeAnswer, String body) {}

    private HostileUpload() {}

    /** POSTs {@code total} bytes with {@code Transfer-Encoding: chunked} to a raw path, or stops at the answer. */
    public static Answer chunked(int port, String rawPath, Map<String, String> headers, long total) throws IOException {
        return post(port, rawPath, headers, total, true);
    }

    /** POSTs {@code total} bytes announced by {@code Content-Length}, or stops at the answer. */
    public static Answer declared(int port, String rawPath, Map<String, String> headers, long total)
            throws IOException {
        return post(port, rawPath, headers, total, false);
    }

    private static Answer post(int port, String rawPath, Map<String, String> headers, long total, boolean chunked)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder("POST " + rawPath + " HTTP/1.1\r\nHost: localhost\r\n")
                    .append("Content-Type: application/json\r\n")
                    .append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + total + "\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));

            AtomicLong sent = new AtomicLong();
            AtomicBoolean answered = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().daemon().start(() -> stream(out, total, chunked, sent, answered));
            try {
                InputStream in = socket.getInputStream();
                String statusLine = readLine(in);
                long sentBeforeAnswer = sent.get();
                answered.set(true);
                if (statusLine == null) {
                    return new Answer(-1, sentBeforeAnswer, "");
                }
                int status = Integer.parseInt(statusLine.split(" ")[1]);
                int length = -1;
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(
                                line.substring("content-length:".length()).trim());
                    }
                }
                byte[] body = length >= 0 ? in.readNBytes(Math.min(length, 64 * 1024)) : new byte[0];
                return new Answer(status, sentBeforeAnswer, new String(body, StandardCharsets.UTF_8));
            } catch (IOException e) {
                answered.set(true);
                return new Answer(-1, sent.get(), e.toString());
            } finally {
                answered.set(true);
                writer.interrupt();
            }
        }
    }

    private static void stream(OutputStream out, long total, boolean chunked, AtomicLong sent, AtomicBoolean stop) {
        byte[] data = new byte[CHUNK];
        Arrays.fill(data, (byte) 'a');
        try {
            while (sent.get() < total && !stop.get()) {
                int n = (int) Math.min(CHUNK, total - sent.get());
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(data, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                sent.addAndGet(n);
            }
            if (chunked && !stop.get()) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException e) {
            // the server closed the connection after answering: what it should do with a body it refused
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).stripTrailing();
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }
}
