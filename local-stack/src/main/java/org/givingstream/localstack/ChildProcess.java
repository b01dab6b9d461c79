package org.givingstream.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One JVM of the stack, its output in {@code logs/<name>.log}. It can be killed and launched again with the same
 * command (fault tests and benchmarks do), appending to the same log.
 */
final class ChildProcess {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final ProcessBuilder builder;
    private final Path log;
    private volatile Process process;
    private volatile Instant startedAt;

    private ChildProcess(String name, ProcessBuilder builder, Path log) {
        this.name = name;
        this.builder = builder;
        this.log = log;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        ChildProcess child = new ChildProcess(name, builder, log);
        child.launch();
        return child;
    }

    /** Starts the command (again, after a stop or a kill); output goes on appending to the same log. */
    synchronized void launch() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        startedAt = Instant.now();
        process = builder.start();
    }

    /** Drops a {@code nice -n N} prefix from the command: the next launch runs at normal CPU priority. */
    synchronized void runAtNormalPriority() {
        List<String> command = builder.command();
        if (command.size() > 3 && command.getFirst().endsWith("/nice")) {
            builder.command(new ArrayList<>(command.subList(3, command.size())));
        }
    }

    /** Runs a command to completion, e.g. formatting Kafka's storage. */
    static void runToCompletion(String name, List<String> command, Path logDir, Duration timeout)
            throws IOException, InterruptedException {
        ChildProcess child = start(name, command, Map.of(), logDir);
        if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || child.process.exitValue() != 0) {
            child.stop();
            throw new IllegalStateException(name + " failed; see " + child.log);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until something accepts TCP connections on {@code port}. */
    Duration awaitPort(int port, Duration timeout) {
        return await(timeout, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Waits until {@code url} answers 200, e.g. a Spring Boot health endpoint reporting UP. */
    Duration awaitHttpOk(String url, Duration timeout) {
        return await(timeout, () -> {
            try {
                var request = HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2))
                        .build();
                return HTTP.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private Duration await(Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            if (ready.getAsBoolean()) {
                return Duration.between(startedAt, Instant.now());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no graceful shutdown; what a crash or the OOM killer does. */
    void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU time used so far (user + system), from /proc (Linux only; -1 elsewhere). */
    Duration cpuTime() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return Duration.ofMillis(ticks * 10); // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Duration.ofMillis(-1);
        }
    }

    /** The process's {@code nice} value, from /proc (Linux only; empty elsewhere or when it is gone). */
    OptionalInt niceness() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[16])); // field 19 of proc_pid_stat(5)
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within ten seconds. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Resident memory of the process in MiB, from /proc (Linux only; -1 elsewhere). */
    long residentMemoryMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not on Linux, or the process is gone
        }
        return -1;
    }
}
