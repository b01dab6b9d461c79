package org.givingstream.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one JVM), from the Maven Central jars.
 * Its log directory is formatted once and reused, so topics survive a restart of the stack.
 */
final class KafkaBroker {

    private KafkaBroker() {}

    static ChildProcess start(StackConfig config, List<String> java, String classPath) throws Exception {
        Path dataDir = config.stackDir().resolve("kafka");
        Path properties = config.stackDir().resolve("kafka-server.properties");
        Files.createDirectories(dataDir);
        Files.writeString(properties, serverProperties(config, dataDir));
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            ChildProcess.runToCompletion(
                    "kafka-format",
                    command(
                            java,
                            classPath,
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            clusterId(),
                            "-c",
                            properties.toString()),
                    config.logDir(),
                    Duration.ofSeconds(60));
        }
        return ChildProcess.start(
                "kafka",
                command(java, classPath, "kafka.Kafka", properties.toString()),
                Map.of("KAFKA_HEAP_OPTS", "-Xmx512m"),
                config.logDir());
    }

    private static List<String> command(List<String> java, String classPath, String main, String... args) {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("-Xmx512m", "-cp", classPath, main));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * A KRaft cluster id from Kafka's own generator, which never starts with '-': a random base64 id that does is
     * read by the storage tool as an option and the format fails (1 run in 64).
     */
    private static String clusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private static String serverProperties(StackConfig config, Path dataDir) throws IOException {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(config.kafkaPort(), config.kafkaControllerPort(), dataDir.toAbsolutePath());
    }
}
