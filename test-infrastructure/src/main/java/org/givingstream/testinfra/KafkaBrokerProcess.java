package org.givingstream.testinfra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real KRaft Kafka broker in a child JVM that a test can stop and start again on the same port with the same data,
 * to prove that nothing is lost while the broker is away. Uses the Kafka server jars on the test class path.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final Path properties;
    private Process process;

    private KafkaBrokerProcess(int port, int controllerPort, Path dataDir) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.properties = dataDir.resolve("server.properties");
    }

    /** Formats a fresh data directory and starts the broker on free ports. */
    public static KafkaBrokerProcess startNew() throws IOException, InterruptedException {
        KafkaBrokerProcess broker =
                new KafkaBrokerProcess(freePort(), freePort(), Files.createTempDirectory("giving-kafka-process"));
        broker.format();
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized void start() throws IOException {
        process = java("kafka.Kafka", properties.toString())
                .redirectOutput(dataDir.resolve("broker.log").toFile())
                .start();
        awaitPort(Duration.ofSeconds(60));
    }

    /** SIGTERM and wait: the broker is really gone, its port closed. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void format() throws IOException, InterruptedException {
        Files.writeString(properties, """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, dataDir.resolve("logs")));
        Process format = java("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", properties.toString())
                .redirectOutput(dataDir.resolve("format.log").toFile())
                .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka storage failed; see " + dataDir.resolve("format.log"));
        }
    }

    private ProcessBuilder java(String main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private void awaitPort(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited; see " + dataDir.resolve("broker.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("Kafka not listening after " + timeout);
    }

    /**
     * A KRaft cluster id from Kafka's own generator, which never starts with '-': a random base64 id that does is
     * read by the storage tool as an option and the format fails (1 run in 64).
     */
    private static String clusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
